// MarchingTrainer (lib/pinn/marching): windows meet where they should (each window's initial condition is
// the previous window's u, and u_t), the solution spanning them predicts by the window holding t, a state
// resumes on the same loss curve, bad states are refused whole, and no tensor outlives its window.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MLP, MarchingState, MarchingTrainer, PiecewiseSolution, TrainOptions, Trainer, TrainerState, heatProblem, initBackend } from '../../../lib/index.js';
import { softWave } from '../../fixtures/soft_wave.js';

const plan: TrainOptions = {
  network: { hidden: [6, 6], seed: 2 },
  sampling: { method: 'sobol', domain: 32, boundary: 8, resampleEvery: 2, seed: 3 },
  adam: { steps: 3, lr: 1e-2 },
  lbfgs: { steps: 3, historySize: 3 },
  marching: { windows: 3 },
};
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

describe('how windows meet', () => {
  it("takes window k's initial condition from window k-1's prediction at t_k (misfit measured against it, warmStart off)", async () => {
    const m = new MarchingTrainer(heatProblem(), { ...plan, marching: { windows: 2, warmStart: false } });
    while (m.window === 0) m.step();
    expect(m.edges).toEqual([0, 0.5, 1]);
    expect(m.windowTrainer.problem.domain!.t).toEqual([0.5, 1]);
    // Window 1 has not stepped: its initial points (t = 0.5, condition 0) and both windows' u there.
    const saved = (await m.state()).current.batch.conditions[0][0];
    const points = { x: Float64Array.from(saved.x), t: Float64Array.from(saved.t) };
    expect([...points.t].every((t) => t === 0.5)).toBe(true);
    const s = m.solution();
    const [before] = s.windows[0].predict(points);
    const [now] = m.predict(points); // t = 0.5 belongs to window 1, the fresh network
    const [fresh] = s.windows[1].predict(points);
    expect(now).toEqual(fresh);
    const misfit = now.reduce((a, u, i) => a + (u - before[i]) ** 2, 0) / now.length;
    const [sine] = [Float64Array.from(points.x, (x) => Math.sin(Math.PI * x))];
    const misfitToSine = now.reduce((a, u, i) => a + (u - sine[i]) ** 2, 0) / now.length;
    const record = m.step();
    expect(record.window).toBe(1);
    expect(Math.abs(record.parts.initial - misfit) / misfit).toBeLessThan(1e-5);
    // Not the problem's own initial value sin(pi x), which the two differ from by far more than float32 rounding.
    expect(Math.abs(record.parts.initial - misfitToSine) / misfit).toBeGreaterThan(1e-2);
    s.dispose();
    m.dispose();
  });

  it('with warmStart, window k starts from window k-1 weights, so u and u_t meet exactly (initial and initialVelocity misfits 0)', () => {
    const m = new MarchingTrainer(softWave(), plan);
    while (m.window === 0) m.step();
    const first = m.solution();
    expect((m.net as MLP).toLayers()).toEqual((first.windows[0].net as MLP).toLayers());
    const r = m.step();
    expect(r.window).toBe(1);
    expect(r.parts.initial).toBe(0);
    expect(r.parts.initialVelocity).toBe(0);
    // Window 0 did start from u0 = sin(pi x): its first misfit was not 0.
    expect(m.history[0].parts.initial).toBeGreaterThan(1e-3);
    first.dispose();
    m.dispose();
  });

  it('learns the heat equation over two windows (exact solution sin(pi x) exp(-0.1 pi^2 t))', async () => {
    const accurate: TrainOptions = {
      network: { hidden: [16, 16], seed: 1 },
      sampling: { method: 'sobol', domain: 400, boundary: 64, seed: 1 },
      adam: { steps: 150, lr: 5e-3 },
      lbfgs: { steps: 100, historySize: 20 },
    };
    const m = new MarchingTrainer(heatProblem(), { ...accurate, marching: { windows: 2 } });
    await m.run();
    expect(m.phase).toBe('done');
    expect(m.window).toBe(1);
    const err = m.evaluate().relL2;
    // Measured (cpu): 5.9e-3 over the 101 x 101 grid (one window with the same 500 steps: 2.8e-3; heat needs
    // no marching). A window 1 that started from sin(pi x) (the problem's initial value, not the solution at
    // t = 0.5) would be off by a factor exp(0.1 pi^2 / 2) = 1.64 there.
    expect(err).toBeLessThan(1.5e-2);
    // The piecewise solution agrees with the trainer, and its error on the grid is the trainer's.
    const s = m.solution();
    expect(s.evaluate().relL2).toBe(err);
    s.dispose();
    m.dispose();
  });
});

describe('the solution spanning the windows', () => {
  let m: MarchingTrainer;
  let s: PiecewiseSolution;
  beforeAll(() => {
    m = new MarchingTrainer(heatProblem(), { ...plan, marching: { windows: 3, warmStart: false } });
    while (m.phase !== 'done') m.step();
    s = m.solution();
  });

  it('predicts each point by the window holding its time; an edge belongs to the later window', () => {
    const x = Float64Array.of(0.3, 0.3, 0.3, 0.3, 0.3, 0.3);
    const t = Float64Array.of(0, 1 / 3 - 1e-9, 1 / 3, 0.5, 2 / 3, 1);
    const [u] = s.predict({ x, t });
    const by = (k: number, i: number) => s.windows[k].predict({ x: x.subarray(i, i + 1), t: t.subarray(i, i + 1) })[0][0];
    expect([...u]).toEqual([by(0, 0), by(0, 1), by(1, 2), by(1, 3), by(2, 4), by(2, 5)]);
    // The three windows' networks differ (no warm start), so the choice is visible.
    expect(by(0, 2)).not.toBe(by(1, 2));
    expect(m.predict({ x, t })).toEqual([u]);
    // Partials too: at an edge, the later window's.
    const d = s.partials({ x, t }, ['u', 'u_t']);
    expect(d.u[2]).toBeCloseTo(u[2], 6);
    expect(d.u_t[2]).toBe(s.windows[1].partials({ x: x.subarray(2, 3), t: t.subarray(2, 3) }, ['u_t']).u_t[0]);
  });

  it('round-trips through JSON with identical predictions', () => {
    const json = JSON.parse(JSON.stringify(s));
    expect(json.format).toBe('tfjs-pinn-piecewise-solution');
    expect(json.edges).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(json.windows.length).toBe(3);
    const again = PiecewiseSolution.fromJSON(json, heatProblem());
    const grid = { x: Float64Array.from({ length: 50 }, (_, i) => i / 49), t: Float64Array.from({ length: 50 }, (_, i) => ((i * 17) % 50) / 49) };
    expect(again.predict(grid)).toEqual(s.predict(grid));
    expect(again.evaluate().relL2).toBe(s.evaluate().relL2);
    again.dispose();
    expect(() => PiecewiseSolution.fromJSON({ ...json, problem: 'wave' }, heatProblem())).toThrow("The saved solution is for problem 'wave', but 'PiecewiseSolution.fromJSON' was given problem 'heat'.");
    expect(() => PiecewiseSolution.fromJSON({ ...json, edges: [0, 1] }, heatProblem())).toThrow("must hold one window per pair of consecutive edges, but has 3 windows and 2 edges.");
  });

  it('mid-run, spans the windows trained so far, the current one also holding later times', () => {
    const n = new MarchingTrainer(heatProblem(), plan);
    while (n.window < 1) n.step();
    const part = n.solution();
    expect(part.edges).toEqual([0, 1 / 3, 2 / 3]);
    const p = { x: Float64Array.of(0.5), t: Float64Array.of(0.9) };
    expect(part.predict(p)).toEqual(n.predict(p));
    expect(part.predict(p)[0][0]).toBe(part.windows[1].predict(p)[0][0]);
    part.dispose();
    n.dispose();
  });

  it('frees its tensors (the trainer and every solution)', () => {
    s.dispose();
    m.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('state and resuming', () => {
  /** Steps `n` times (sync or async), returning the history so far. */
  async function steps(m: MarchingTrainer, n: number, async = false): Promise<void> {
    for (let i = 0; i < n; i++) await (async ? m.stepAsync() : Promise.resolve(m.step()));
  }

  it('resumes mid-window, and at a window edge, on the same loss curve bit for bit', async () => {
    const whole = new MarchingTrainer(heatProblem(), plan);
    await whole.run();
    expect(whole.stepCount).toBe(18);
    const reference = whole.history.map((r) => [r.step, r.window, r.phase, r.loss, r.parts]);
    const weights = (whole.net as MLP).toLayers();
    whole.dispose();
    // 4: in window 0's L-BFGS; 6: window 0 done, window 1 begun and not stepped; 11: in window 1's L-BFGS.
    for (const at of [4, 6, 11]) {
      const first = new MarchingTrainer(heatProblem(), plan);
      await steps(first, at, at === 6);
      const state = copy(await first.state());
      first.dispose();
      expect(state.window).toBe(at < 6 ? 0 : 1);
      const resumed = new MarchingTrainer(heatProblem(), plan);
      await resumed.setState(state);
      expect(resumed.stepCount).toBe(at);
      await resumed.run();
      expect(resumed.history.map((r) => [r.step, r.window, r.phase, r.loss, r.parts]), `resumed at step ${at}`).toEqual(reference);
      expect((resumed.net as MLP).toLayers()).toEqual(weights);
      resumed.dispose();
    }
    expect(tf.memory().numTensors).toBe(0);
  });

  it("refuses a state that does not fit, naming what differs, and changes nothing (all or nothing)", async () => {
    const other = new MarchingTrainer(heatProblem(), plan);
    await steps(other, 8);
    const good: MarchingState = copy(await other.state());
    other.dispose();
    const plain = new Trainer(heatProblem(), { ...plan, marching: null });
    const trainerState: TrainerState = copy(await plain.state());
    plain.dispose();

    const m = new MarchingTrainer(heatProblem(), plan);
    m.step();
    const before = copy(await m.state());
    const tensors = tf.memory().numTensors;
    const refused = async (bad: unknown, message: string) => {
      await expect(m.setState(bad as MarchingState)).rejects.toThrow(message);
      expect(copy(await m.state())).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensors);
    };
    await refused(trainerState, 'The checkpoint is of a run without time marching (a Trainer\'s state), but this run marches in 3 windows');
    await refused({ ...good, format: 'x' }, `Not a tfjs-pinn time-marching checkpoint (format "x", version 1)`);
    await refused({ ...good, options: { ...good.options, marching: { windows: 4, warmStart: true } } }, 'The checkpoint was made with other training options (marching.windows: checkpoint 4, now 3)');
    await refused({ ...good, params: { alpha: 0.5 } }, "The checkpoint is for problem 'heat' with parameters {alpha: 0.5}, but this run trains 'heat' with parameters {alpha: 0.1}.");
    await refused({ ...good, edges: [0, 0.5, 0.75, 1] }, "The checkpoint's window edges are [0,0.5,0.75,1]");
    await refused({ ...good, window: 3 }, "The checkpoint's window is 3; expected an integer in [0, 2]");
    await refused({ ...good, finished: [] }, 'The checkpoint is at window 1, so it must hold 1 finished windows, but holds 0.');
    const badHistory = copy(good);
    badHistory.finished[0].history[2].loss = NaN;
    await refused(badHistory, "The checkpoint's finished[0].history[2].loss is null; a recorded step's loss is a finite number.");
    const badLayers = copy(good);
    badLayers.finished[0].solution.layers[0].bias.pop();
    await refused(badLayers, "The checkpoint's finished[0].solution is refused: layers[0].bias passed to 'MLP.fromLayers' must hold 6 finite numbers (one per output), but has 5.");
    const badCurrent = copy(good);
    badCurrent.current.step = 99;
    await refused(badCurrent, 'The checkpoint is at step 99, outside this run\'s plan of 6 steps.');
    // A state of the other kind into a plain Trainer is refused by its own check.
    const t = new Trainer(heatProblem(), { ...plan, marching: null });
    await expect(t.setState(good as unknown as TrainerState)).rejects.toThrow(`Not a tfjs-pinn checkpoint (format "tfjs-pinn-marching-checkpoint", version 1)`);
    t.dispose();
    m.dispose();
  });

  it("loads a Trainer state written before time marching existed (no 'marching' in its options)", async () => {
    const t = new Trainer(heatProblem(), { ...plan, marching: null });
    t.step();
    const state = copy(await t.state());
    const { marching: _, ...options } = state.options;
    const older = { ...copy(state), options };
    const u = new Trainer(heatProblem(), { ...plan, marching: null });
    await u.setState(older as unknown as TrainerState);
    expect(copy(await u.state())).toEqual(state);
    t.dispose();
    u.dispose();
  });
});

describe('tensors across windows', () => {
  it('holds one network per finished window besides the current trainer, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const m = new MarchingTrainer(heatProblem(), { ...plan, marching: { windows: 4 } });
    const net = m.net.variables.length;
    const atStart: number[] = [];
    let window = -1;
    while (m.phase !== 'done') {
      if (m.window !== window) {
        window = m.window;
        atStart.push(tf.memory().numTensors - window * net);
      }
      if (m.stepCount % 2 === 0) m.step();
      else await m.stepAsync();
    }
    expect(atStart.length).toBe(4);
    // The same count at the start of every window, once the finished windows' networks are set aside.
    expect(new Set(atStart).size).toBe(1);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("ends a window early in run() when its loss falls below options.tolerance, and the run at the last", async () => {
    const m = new MarchingTrainer(heatProblem(), { ...plan, tolerance: 1e9 });
    const result = await m.run();
    expect(result.reason).toBe('tolerance');
    expect(m.history.map((r) => r.window)).toEqual([0, 1, 2]);
    m.dispose();
  });
});
