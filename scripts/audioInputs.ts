/** The benchmark scripts' inputs: audio files as given, and the audio files in given folders (sorted). */
import fs from "node:fs";
import path from "node:path";

const AUDIO = /\.(mp3|wav|m4a|aac|ogg|opus|flac|webm|wma)$/i;

export function audioFilesOf(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => (fs.statSync(input).isDirectory()
    ? fs.readdirSync(input).filter((name) => AUDIO.test(name)).sort().map((name) => path.join(input, name))
    : [input]));
}
