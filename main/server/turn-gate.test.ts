import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TurnGate } from './turn-gate.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnGate', () => {
  it('lets so many through per turn of the event loop, the rest in order at the next turns', async () => {
    const gate = new TurnGate(3);
    const through: [number, number][] = [];
    let turn = 0;
    const ticking = (async () => {
      for (let i = 1; i <= 5; i += 1) {
        await nextTurn();
        turn = i;
      }
    })();
    await Promise.all(Array.from({ length: 8 }, (_, i) => gate.pass().then(() => through.push([i, turn]))));
    await ticking;
    assert.deepEqual(through.map(([i]) => i), [0, 1, 2, 3, 4, 5, 6, 7], 'in the order they asked');
    const turns = through.map(([, t]) => t);
    assert.deepEqual(turns.slice(0, 3), [0, 0, 0], 'three at once');
    assert.ok(turns[3]! > 0 && turns[3] === turns[5] && turns[6]! > turns[5]!, `three per later turn: ${turns.join(',')}`);
    assert.equal(gate.queued, 0);
  });
});
