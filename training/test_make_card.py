"""make_card's parsing of scripts/evalModelCer.ts output (the per-voice CER the card records)."""
import unittest

import make_card

LOG = """e001 (murattal, 52 s) tempo 1 (1): whole CER 10.0 %, per-ayah CER 12.0 %; letters/s 9.00
ALL tempo 1: whole-recording CER 14.3 %, per-ayah CER 20.7 % (12092 letters)
AYAH-AUDIO per-ayah CER 15.4 %, the model run on each ayah's audio alone (12092 letters)
CUT-SHIFT -0.04 s (diagnostic): per-ayah CER 14.8 %
"""


class TsCerTest(unittest.TestCase):
    def test_reads_the_all_line_and_the_ayah_audio_line(self):
        self.assertEqual(make_card.ts_cer_of_log(LOG),
                         {"per_ayah": 0.207, "whole_recording": 0.143, "letters": 12092, "per_ayah_audio": 0.154})

    def test_ayah_audio_is_optional_and_a_log_without_the_all_line_is_refused(self):
        without = "\n".join(line for line in LOG.splitlines() if not line.startswith("AYAH-AUDIO"))
        self.assertNotIn("per_ayah_audio", make_card.ts_cer_of_log(without))
        with self.assertRaises(ValueError):
            make_card.ts_cer_of_log("CUT-SHIFT -0.04 s (diagnostic): per-ayah CER 14.8 %")


if __name__ == "__main__":
    unittest.main()
