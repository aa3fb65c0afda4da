/**
 * Typed data passed between pipeline stages (decode → pauses → align → cut → zip).
 * Every stage takes and returns these shapes; no loose dictionaries cross a stage boundary.
 * Times are seconds from the start of the input recording unless the name says otherwise.
 */
import type { PcmSource } from "../audio/pcmSource.ts";

/**
 * Mono PCM at the pipeline's analysis rate, read in blocks (the service keeps it in the job's
 * temporary PCM file: 4 hours would be 920 MB in memory), plus facts about the original upload.
 */
export interface AnalysisAudio {
  /** Mono float32 samples in [-1, 1] at `sampleRateHz`. */
  pcm: PcmSource;
  /** Always 16000 for the analysis signal. */
  sampleRateHz: number;
  durationSeconds: number;
  source: SourceAudioInfo;
}

/** The same signal held whole in memory as well (scripts and tests on short recordings). */
export interface DecodedAudio extends AnalysisAudio {
  samples: Float32Array;
}

export interface SourceAudioInfo {
  /** Container/format name as ffmpeg reports it, e.g. "mp3", "wav", "ogg". */
  formatName: string;
  /** Codec of the first audio stream, e.g. "mp3", "pcm_s16le", "opus". */
  codecName: string;
  sampleRateHz: number;
  channels: number;
  /** Bit rate of the audio stream in kbit/s when known. */
  bitrateKbps: number | null;
  durationSeconds: number;
}

/** A stretch of (near) silence between two sounds. */
export interface Pause {
  startTimeSeconds: number;
  endTimeSeconds: number;
  /** 0..1: how clearly this is a pause (depth below the adaptive threshold, length). */
  strength: number;
}

/** A stretch of speech between pauses. */
export interface SpeechRegion {
  startTimeSeconds: number;
  endTimeSeconds: number;
}

/** User-supplied constraints for the aligner (form fields `surah`, `from_ayah`, `to_ayah`). */
export interface AlignHints {
  surah?: number;
  fromAyah?: number;
  toAyah?: number;
}

export interface WordTiming {
  word: string;
  startTimeSeconds: number;
  endTimeSeconds: number;
}

/** Where one ayah (or basmala / isti'adha) was recited in the input. */
export interface AyahSpan {
  surah: number;
  /** 0 = the basmala that opens a surah (for surah 1 the basmala is ayah 1). */
  ayah: number;
  isBasmala: boolean;
  startTimeSeconds: number;
  endTimeSeconds: number;
  /** 0..1 */
  confidence: number;
  /** The recording starts or ends inside this ayah. */
  cutoffUncertain: boolean;
  words?: WordTiming[];
}

export interface AlignmentResult {
  /** Name of the engine that produced the spans, e.g. "baseline-pauses-dp". */
  engine: string;
  spans: AyahSpan[];
  /** Recognised text (normalized letters) when the engine has one, else the located ayahs' text. */
  transcription?: string;
  /** Engine-specific notes for `diagnostics` (leading/trailing non-Quran audio, repeats, ...). */
  notes: Record<string, string | number | boolean | null>;
}

export interface AlignInput {
  audio: AnalysisAudio;
  pauses: Pause[];
  speech: SpeechRegion[];
  hints: AlignHints;
  /** Frame energy of the recording, for placing cuts at the quietest moment of a junction. */
  energy?: import("../audio/energyDips.ts").EnergyTrack;
}

/** Reports progress of a long stage, 0..1 within that stage. */
export type ProgressFn = (stage: string, fraction: number) => void;

export interface Aligner {
  readonly name: string;
  align(input: AlignInput, onProgress?: ProgressFn): Promise<AlignmentResult>;
}
