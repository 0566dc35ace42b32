// RIOT (6532): power-on state, the interval timer with each prescaler and
// its behaviour after underflow, the interrupt flag, and the ports, as ALE
// 0.12.1's Stella 2.4.2 core emulates them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ALE_SYSTEM_SEED, Mt19937, createChips, loadWasm, markedRom } from "../cartridge/chips.ts";

const w = loadWasm();
const INTIM = 0x284;
const TIMINT = 0x285;
const TIMER_WRITE = [0x294, 0x295, 0x296, 0x297];
const SHIFTS = [0, 3, 6, 10];

const newChips = () => createChips(w, markedRom(4096, 12), "4K");

/** Writes TIMxT and returns the cycle count of the write. */
function setTimer(chips: number, prescaler: number, value: number): number {
  w.chipTestWrite(chips, TIMER_WRITE[prescaler], value);
  return w.chipTestCycles(chips);
}

/** Reads INTIM at exactly `cycle` (the count the read itself is made at). */
function readAt(chips: number, cycle: number, register = INTIM): number {
  const idle = cycle - 1 - w.chipTestCycles(chips);
  assert.ok(idle >= 0, `cycle ${cycle} is in the past`);
  w.chipTestIdle(chips, idle);
  return w.chipTestRead(chips, register);
}

test("RIOT power-on RAM and timer", () => {
  const chips = newChips();
  const ram = new Uint8Array(w.memory.buffer, w.chipTestRiotRam(chips), 128);
  const reference = new Mt19937(ALE_SYSTEM_SEED);
  for (let i = 0; i < 128; i++) assert.equal(ram[i], reference.next() & 0xff, `RAM byte ${i}`);
  assert.deepEqual([...ram.subarray(0, 4)], [0xb8, 0x96, 0xc0, 0x49]);
  const powerOnTimer = 25 + (reference.next() % 75);
  assert.equal(powerOnTimer, 58);
  assert.equal(w.chipTestRiotTimer(chips), powerOnTimer, "timer from the 129th draw");
  assert.equal(w.chipTestRiotShift(chips), 6, "64-cycle prescaler after reset");
  w.chipTestResetRiot(chips);
  assert.equal(w.chipTestRiotTimer(chips), 25 + (reference.next() % 75), "reset draws a new timer");
  assert.equal(ram[0], 0xb8, "reset keeps RAM");
});

test("RIOT RAM mirrors", () => {
  const chips = newChips();
  w.chipTestWrite(chips, 0x0080, 0x11);
  assert.equal(w.chipTestRead(chips, 0x0180), 0x11, "stack page mirror");
  w.chipTestWrite(chips, 0x01ff, 0x22);
  assert.equal(w.chipTestRead(chips, 0x00ff), 0x22);
  assert.equal(w.chipTestRead(chips, 0x20ff), 0x22, "A13 ignored");
});

for (let prescaler = 0; prescaler < 4; prescaler++) {
  test(`RIOT timer counts with prescaler ${1 << SHIFTS[prescaler]}`, () => {
    const chips = newChips();
    const interval = 1 << SHIFTS[prescaler];
    const written = setTimer(chips, prescaler, 10);
    assert.equal(w.chipTestRiotShift(chips), SHIFTS[prescaler]);
    // INTIM reads value - 1 right after the write and falls once per interval.
    const cycles = [...new Set([1, interval, interval + 1, 5 * interval + 1, 10 * interval])];
    for (const cycle of cycles) {
      const expected = 10 - ((cycle - 1) >> SHIFTS[prescaler]) - 1;
      assert.equal(readAt(chips, written + cycle), expected, `INTIM ${cycle} cycles after the write`);
    }
    assert.equal(readAt(chips, written + 10 * interval + 1, TIMINT), 0x80, "flag at underflow");
  });
}

test("RIOT timer after underflow", () => {
  const chips = newChips();
  const written = setTimer(chips, 2, 2); // 128 cycles to underflow
  assert.equal(readAt(chips, written + 128), 0);
  // Past zero it counts down once per cycle: -1 reads $FF.
  assert.equal(readAt(chips, written + 129), 0xff);
  assert.equal(readAt(chips, written + 130, TIMINT), 0x80, "the $FF read does not latch");
  // The first read two or more cycles past the underflow latches the
  // interrupt; from there INTIM falls at the prescaled rate again.
  const latch = written + 140;
  const elapsed = latch - 1 - written;
  const offset = latch - (written + 128);
  const slow = (cycle: number) => (2 - ((cycle - 1 - written) >> 6) - offset) & 0xff;
  assert.equal(readAt(chips, latch), slow(latch));
  assert.equal(elapsed >> 6, 2);
  assert.equal(readAt(chips, latch + 1, TIMINT), 0, "flag cleared by the latching read");
  assert.equal(readAt(chips, latch + 100), slow(latch + 100));
  // A new TIMxT write clears the latch.
  const again = setTimer(chips, 0, 1);
  assert.equal(readAt(chips, again + 1), 0);
  assert.equal(readAt(chips, again + 2, TIMINT), 0x80);
});

test("RIOT ports read the controls", () => {
  const chips = newChips();
  w.chipTestSetSwitches(chips, 0b1011_1111, 0b0000_1010);
  assert.equal(w.chipTestRead(chips, 0x280), 0b1011_1111, "SWCHA");
  assert.equal(w.chipTestRead(chips, 0x282), 0b0000_1010, "SWCHB");
  w.chipTestWrite(chips, 0x281, 0xf0);
  assert.equal(w.chipTestRead(chips, 0x281), 0xf0, "SWACNT reads back");
  w.chipTestWrite(chips, 0x280, 0x00);
  assert.equal(w.chipTestRead(chips, 0x280), 0b1011_1111, "outputs do not show in SWCHA");
  w.chipTestWrite(chips, 0x283, 0xff);
  assert.equal(w.chipTestRead(chips, 0x283), 0, "SWBCNT ignores writes in ALE");
  assert.equal(w.chipTestRead(chips, 0x2a2), 0b0000_1010, "mirror of SWCHB");
});

test("RIOT state round trip", () => {
  const chips = newChips();
  const written = setTimer(chips, 1, 50);
  w.chipTestWrite(chips, 0x0085, 0x33);
  w.chipTestSaveRiot(chips);
  setTimer(chips, 3, 1);
  w.chipTestWrite(chips, 0x0085, 0x44);
  w.chipTestLoadRiot(chips);
  assert.equal(w.chipTestRead(chips, 0x0085), 0x33);
  assert.equal(readAt(chips, written + 8 * 3 + 1), 46);
});

// CpuCore.run skips the passes of `LDA INTIM; BNE` wait loops (and LDX,
// LDY). Running the same program one step() at a time must end in the
// same state at every instruction limit, including limits that stop
// inside the loop, for each prescaler and for a branch that crosses a page.
test("RIOT timer wait loops run() equals step()", () => {
  const LOADS = [0xad, 0xae, 0xac];
  const starts = [0xf005, 0xf0fc];
  const limits = [3, 4, 10, 57, 200, 1001, 20000];
  for (const load of LOADS) {
    for (const loopStart of starts) {
      for (let prescaler = 0; prescaler < 4; prescaler++) {
        for (const value of [1, 2, 5, 40]) {
          // LDA #value; STA TIMxT; (loop) LDx INTIM; BNE loop; LDX #7; JMP self.
          const rom = new Uint8Array(4096);
          const setup = loopStart - 5 - 0xf000;
          rom.set([0xa9, value, 0x8d, TIMER_WRITE[prescaler] & 0xff, 0x02], setup);
          rom.set([load, 0x84, 0x02, 0xd0, 0xfb, 0xa2, 0x07], loopStart - 0xf000);
          const spin = loopStart + 7;
          rom.set([0x4c, spin & 0xff, spin >> 8], spin - 0xf000);
          for (const limit of limits) {
            const ran = createChips(w, rom, "4K");
            const stepped = createChips(w, rom, "4K");
            for (const chips of [ran, stepped]) {
              w.chipTestCpuReset(chips, true);
              w.chipTestCpuSetRegisters(chips, loopStart - 5, 0xff, 0, 0, 0, 0x20);
            }
            const where = `load ${load.toString(16)} at ${loopStart.toString(16)}, prescaler ${prescaler}, value ${value}, limit ${limit}`;
            assert.equal(w.chipTestCpuRun(ran, limit), limit, `instructions run, ${where}`);
            for (let i = 0; i < limit; i++) w.chipTestCpuStep(stepped);
            assert.equal(w.chipTestCycles(ran), w.chipTestCycles(stepped), `cycles, ${where}`);
            for (let register = 0; register < 6; register++) {
              assert.equal(
                w.chipTestCpuRegister(ran, register),
                w.chipTestCpuRegister(stepped, register),
                `register ${register}, ${where}`,
              );
            }
            assert.equal(w.chipTestRead(ran, INTIM), w.chipTestRead(stepped, INTIM), `INTIM after, ${where}`);
            assert.equal(w.chipTestRead(ran, TIMINT), w.chipTestRead(stepped, TIMINT), `TIMINT after, ${where}`);
          }
        }
      }
    }
  }
});
