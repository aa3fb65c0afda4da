/**
 * Tempo change of log-mel features before the model, to meet a reciter at the tempo the model
 * learned. Issue 3's experiment: an unseen fast (hadr) voice went from 41 % to 33 % CER when its
 * features were stretched in time, while the same fixed stretch hurt a slow voice — so the tempo
 * is chosen per recording (tempoChoice.ts; 1 = off).
 *
 * Same operation as the trainer's `data.stretch_time` (training/data.py), so a tempo measured in
 * Python means the same here: tempo > 1 = faster = fewer frames, frameCount' = max(8, round(T / tempo)),
 * linear interpolation with the end frames aligned (torch's align_corners=True): stretched frame j
 * is original frame j * (T - 1) / (T' - 1). `frameStepSeconds` becomes the original time between
 * two stretched frames, so the model's output step (and every time derived from it) stays in the
 * original recording's time.
 */
import type { LogMelFeatures } from "../audio/logMel.ts";

export const MIN_TEMPO = 0.5;
export const MAX_TEMPO = 2;
/** The trainer's minimum stretched length. */
const MIN_STRETCHED_FRAMES = 8;

export function stretchFeaturesInTime(features: LogMelFeatures, tempo: number): LogMelFeatures {
  if (!(tempo >= MIN_TEMPO && tempo <= MAX_TEMPO)) throw new RangeError(`tempo must be within ${MIN_TEMPO}..${MAX_TEMPO}, got ${tempo}`);
  if (tempo === 1 || features.frameCount < 2) return features;
  const { melBinCount, data } = features;
  const lastSource = features.frameCount - 1;
  const frameCount = Math.max(MIN_STRETCHED_FRAMES, Math.round(features.frameCount / tempo));
  const sourceFramesPerFrame = lastSource / (frameCount - 1);
  const stretched = new Float32Array(frameCount * melBinCount);
  for (let frame = 0; frame < frameCount; frame++) {
    const sourcePosition = Math.min(frame * sourceFramesPerFrame, lastSource);
    const before = Math.floor(sourcePosition);
    const after = Math.min(before + 1, lastSource);
    const weight = sourcePosition - before;
    const rowOffset = frame * melBinCount;
    for (let mel = 0; mel < melBinCount; mel++) {
      stretched[rowOffset + mel] = (1 - weight) * data[before * melBinCount + mel] + weight * data[after * melBinCount + mel];
    }
  }
  return { frameCount, melBinCount, frameStepSeconds: features.frameStepSeconds * sourceFramesPerFrame, data: stretched };
}
