// The page's boundary editor (src/web/page/boundaryEditor.ts, pure): a shared boundary moves for
// both ayahs, a gap is a limit, an ayah keeps a minimum length, undo walks back, and the save
// body lists the changed ayahs (a repeated ayah with all its readings) in recited order.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { changedIndexes, createEditor, editsToSave, MIN_AYAH_SECONDS, moveEdge, nudgeEdge, undo } from "../src/web/page/boundaryEditor.ts";

const TIMES = [{ start: 0.5, end: 3.9 }, { start: 3.9, end: 6.3 }, { start: 6.5, end: 8.5 }];
const AYAHS = [{ surah_number: 112, ayah_number: 0 }, { surah_number: 112, ayah_number: 1 }, { surah_number: 112, ayah_number: 2 }];

test("a shared boundary moves for both ayahs; rounded to ms", () => {
  const state = moveEdge(createEditor(TIMES, 10), 0, "end", 3.61234);
  assert.equal(state.current.slice(0, 2), [{ start: 0.5, end: 3.612 }, { start: 3.612, end: 6.3 }]);
  assert.equal(changedIndexes(state), [0, 1]);
});

test("across a gap the neighbour's edge is the limit, and it stays where it is", () => {
  const state = moveEdge(createEditor(TIMES, 10), 1, "end", 7.2);
  assert.equal(state.current[1], { start: 3.9, end: 6.5 });
  assert.equal(state.current[2], TIMES[2]);
});

test("an ayah keeps its minimum length; the recording's ends are limits", () => {
  const editor = createEditor(TIMES, 10);
  assert.is(moveEdge(editor, 1, "start", 100).current[1].start, 6.3 - MIN_AYAH_SECONDS);
  assert.is(moveEdge(editor, 0, "start", -5).current[0].start, 0);
  assert.is(moveEdge(editor, 2, "end", 50).current[2].end, 10);
});

test("nudges of 10 ms, undo one step at a time, no history entry for a move that changes nothing", () => {
  let state = createEditor(TIMES, 10);
  state = nudgeEdge(state, 2, "end", -0.01);
  state = nudgeEdge(state, 2, "end", -0.01);
  assert.is(state.current[2].end, 8.48);
  assert.is(moveEdge(state, 0, "start", 0.5), state);
  state = undo(state);
  assert.is(state.current[2].end, 8.49);
  state = undo(undo(state));
  assert.equal(state.current, TIMES);
  assert.equal(changedIndexes(state), []);
});

test("the save body: changed ayahs in order; a repeated ayah is sent with every reading", () => {
  const repeated = [...AYAHS, { surah_number: 112, ayah_number: 1 }];
  const times = [...TIMES, { start: 9, end: 9.8 }];
  const state = nudgeEdge(createEditor(times, 10), 3, "end", 0.1);
  assert.equal(editsToSave(repeated, state), [
    { surah_number: 112, ayah_number: 1, start_time: 3.9, end_time: 6.3 },
    { surah_number: 112, ayah_number: 1, start_time: 9, end_time: 9.9 },
  ]);
});

test.run();
