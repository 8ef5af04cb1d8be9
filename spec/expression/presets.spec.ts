import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { EXPRESSION_PRESETS, PROBLEMS, PRESETS_AS_MODULES, Trainer, compileProblem } from '../../lib/index.js';
import type { Columns, Condition, Problem } from '../../lib/pinn/types.js';

// Every shipped problem written as expressions must be the shipped problem: residuals, condition
// values, transforms and exact solutions compared on random points (float32 rounding apart).

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const N = 129;

/** Random columns inside a problem's bounding box (the exact solutions are defined there). */
function points(problem: Problem, seed: number): Columns {
  const bbox = problem.geometry?.bbox ?? problem.domain!;
  return Object.fromEntries(problem.inputs.map((name, i) => [name, tf.randomUniform([N, 1], bbox[name][0], bbox[name][1], 'float32', seed + i) as tf.Tensor2D]));
}

/** Largest |a - b| / (1 + largest |b|). */
function worst(a: tf.Tensor | number, b: tf.Tensor | number): number {
  const av = typeof a === 'number' ? [a] : Array.from(a.dataSync());
  const bv = typeof b === 'number' ? [b] : Array.from(b.dataSync());
  const n = Math.max(av.length, bv.length);
  const at = (v: number[], i: number) => (v.length === 1 ? v[0] : v[i]);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    diff = Math.max(diff, Math.abs(at(av, i) - at(bv, i)));
    scale = Math.max(scale, Math.abs(at(bv, i)));
  }
  return diff / (1 + scale);
}

/** A condition's value-like fields, evaluated at points and normals. */
function evaluateValue(v: unknown, p: Columns, n: Columns): tf.Tensor | number {
  return typeof v === 'function' ? (v as (p: Columns, n: Columns) => tf.Tensor)(p, n) : (v as number);
}

describe('the expression presets are the shipped problems', () => {
  it('cover every shipped problem but those loaded as modules', () => {
    expect([...Object.keys(EXPRESSION_PRESETS), ...Object.keys(PRESETS_AS_MODULES)].sort()).toEqual(Object.keys(PROBLEMS).sort());
  });

  for (const [name, definition] of Object.entries(EXPRESSION_PRESETS)) {
    it(`${name}: the same residual, conditions, transform and exact solution`, () => {
      const before = tf.memory().numTensors;
      const shipped = PROBLEMS[name].problem();
      const preset = compileProblem(definition);
      expect(preset.name).toBe(shipped.name);
      expect(preset.inputs).toEqual(shipped.inputs);
      expect(preset.outputs).toEqual(shipped.outputs);
      expect(preset.time).toEqual(shipped.time);
      expect(preset.grid).toEqual(shipped.grid);
      expect(preset.residualNames).toEqual(shipped.residualNames);
      expect(preset.upToConstant).toEqual(shipped.upToConstant);
      expect(new Set(preset.terms)).toEqual(new Set(shipped.terms));
      if (shipped.domain) expect(preset.domain).toEqual(shipped.domain);
      else expect(preset.geometry?.bbox).toEqual(shipped.geometry?.bbox);
      const p = points(shipped, 1);
      const n = points(shipped, 20);
      const d: Record<string, tf.Tensor2D> = Object.fromEntries(shipped.terms.map((t, i) => [t, tf.randomUniform([N, 1], -1, 1, 'float32', 100 + i) as tf.Tensor2D]));
      const errors: Record<string, number> = {};
      tf.tidy(() => {
        const [a, b] = [[shipped.residual(d, p)].flat(), [preset.residual(d, p)].flat()];
        expect(b.length).toBe(a.length);
        a.forEach((r, i) => (errors[`residual${i}`] = worst(b[i], r)));
        expect(preset.conditions.length).toBe(shipped.conditions.length);
        shipped.conditions.forEach((c: Condition, i) => {
          const q = preset.conditions[i] as Condition & Record<string, unknown>;
          const s = c as Condition & Record<string, unknown>;
          for (const key of ['kind', 'on', 'output', 'weight', 'imposed', 'input', 'derivatives']) {
            const norm = (v: unknown, k: string) => (k === 'on' && typeof v === 'string' ? [v] : k === 'output' ? (v ?? shipped.outputs[0]) : k === 'derivatives' ? (v ?? 0) : v);
            expect(norm(q[key], key), `${name} condition ${i} ${key}`).toEqual(norm(s[key], key));
          }
          for (const key of ['value', 'a', 'b']) if (s[key] !== undefined) errors[`condition${i}.${key}`] = worst(evaluateValue(q[key], p, n), evaluateValue(s[key], p, n));
        });
        if (shipped.transform !== undefined) {
          const [st, pt] = [shipped.transform, preset.transform] as { value: (p: Columns) => tf.Tensor; scale: (p: Columns) => tf.Tensor }[];
          errors.transformValue = worst(pt.value(p), st.value(p));
          errors.transformScale = worst(pt.scale(p), st.scale(p));
        } else expect(preset.transform).toBeUndefined();
      });
      tf.dispose([...Object.values(p), ...Object.values(n), ...Object.values(d)]);
      // float32 rounding of the same formula in another order.
      for (const [what, e] of Object.entries(errors)) expect(e, `${name} ${what}`).toBeLessThanOrEqual(5e-6);
      if (shipped.exact !== undefined) {
        const bbox = shipped.geometry?.bbox ?? shipped.domain!;
        const plain = Object.fromEntries(shipped.inputs.map((input, k) => [input, Float64Array.from({ length: 64 }, (_, i) => bbox[input][0] + ((bbox[input][1] - bbox[input][0]) * ((i * (7 + 2 * k)) % 64)) / 63)]));
        const [a, b] = [shipped.exact(plain), preset.exact!(plain)];
        a.forEach((col, o) => col.forEach((v, i) => expect(Math.abs(b[o][i] - v), `${name} exact output ${o} at ${i}`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v)))));
      } else expect(preset.exact).toBeUndefined();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("pass the Trainer's numerical check of their imposed conditions", () => {
    for (const [name, definition] of Object.entries(EXPRESSION_PRESETS)) {
      const trainer = new Trainer(compileProblem(definition), { ...PROBLEMS[name].defaults, network: { hidden: [8] }, sampling: { domain: 64, boundary: 16 } });
      trainer.dispose();
    }
  });
});
