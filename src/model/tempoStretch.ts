/**
 * Time-stretching of log-mel features before the model, to meet a reciter at the tempo the model
 * learned. Issue 3's experiment: an unseen fast (hadr) voice went from 41 % to 33 % CER when its
 * features were stretched in time, while the same fixed stretch hurt a slow voice — so the factor
 * must be chosen per recording (the caller decides; 1 = off).
 *
 * A factor r > 1 makes the recitation r times longer (slower): stretched frame j is original time
 * j / r, linearly interpolated between the two neighbouring frames. The model's output frames then
 * step by outputFrameSeconds / r in the original recording's time, which is what LetterPosteriors'
 * `frameStepSeconds` carries, so every later stage keeps reporting times of the original audio.
 */
import type { LogMelFeatures } from "../audio/logMel.ts";

export const MIN_TEMPO_FACTOR = 0.5;
export const MAX_TEMPO_FACTOR = 2;

export function stretchFeaturesInTime(features: LogMelFeatures, factor: number): LogMelFeatures {
  if (!(factor >= MIN_TEMPO_FACTOR && factor <= MAX_TEMPO_FACTOR)) {
    throw new RangeError(`tempo factor must be within ${MIN_TEMPO_FACTOR}..${MAX_TEMPO_FACTOR}, got ${factor}`);
  }
  if (factor === 1 || features.frameCount === 0) return features;
  const { melBinCount, data } = features;
  const lastFrame = features.frameCount - 1;
  const frameCount = Math.max(1, Math.round(features.frameCount * factor));
  const stretched = new Float32Array(frameCount * melBinCount);
  for (let frame = 0; frame < frameCount; frame++) {
    const sourceTime = Math.min(frame / factor, lastFrame);
    const before = Math.floor(sourceTime);
    const after = Math.min(before + 1, lastFrame);
    const weight = sourceTime - before;
    const beforeOffset = before * melBinCount;
    const afterOffset = after * melBinCount;
    const rowOffset = frame * melBinCount;
    for (let mel = 0; mel < melBinCount; mel++) {
      stretched[rowOffset + mel] = (1 - weight) * data[beforeOffset + mel] + weight * data[afterOffset + mel];
    }
  }
  return { frameCount, melBinCount, frameStepSeconds: features.frameStepSeconds / factor, data: stretched };
}
