import { describe, expect, it } from 'vitest';

import { ENTRY_POINTS, LAYERS, importGraph, layerViolations, rankOf } from '../helpers/layers.js';

// The house rule: every import in lib/ points down the layer table (docs/architecture.md draws it), and no
// files import each other, directly or round a longer loop. A new folder must be placed in LAYERS first.
describe('lib/ layering', () => {
  const graph = importGraph('lib');

  it('places every folder of lib/ in the layer table', () => {
    const unplaced = [...graph.keys()].filter((f) => !ENTRY_POINTS.includes(f) && rankOf(f) === undefined);
    expect(unplaced).toEqual([]);
  });

  it('has no import that points up the table', () => {
    expect(layerViolations(graph).upward).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(layerViolations(graph).cycles).toEqual([]);
  });

  it('imports no entry point from inside a layer', () => {
    expect(layerViolations(graph).intoEntries).toEqual([]);
  });

  it('catches an upward import, a cycle and an import of an entry point (the checker can fail)', () => {
    const fake = new Map<string, string[]>([
      ['geometry/box.ts', ['pinn/trainer/trainer.ts']],
      ['pinn/trainer/trainer.ts', ['pinn/loss/parts.ts']],
      ['pinn/loss/parts.ts', ['pinn/trainer/trainer.ts']],
      ['pinn/options.ts', ['index.ts']],
      ['index.ts', []],
    ]);
    const v = layerViolations(fake);
    expect(v.upward).toEqual(['geometry/box.ts -> pinn/trainer/trainer.ts']);
    expect(v.cycles).toEqual(['pinn/loss/parts.ts <-> pinn/trainer/trainer.ts']);
    expect(v.intoEntries).toEqual(['pinn/options.ts -> index.ts']);
    expect(LAYERS.length).toBeGreaterThan(10);
  });
});
