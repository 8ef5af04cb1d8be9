// The plan panel, generated from the Trainer's options: every option the library's checker knows
// (checkTrainOptions({}) gives them all with their defaults, lib/pinn/options.ts) becomes a field
// typed by its default: a number, a checkbox, a list of numbers, a choice. PLAN_HINTS adds what a
// default cannot say: the choices of a string option, the fields of an option that is off (null) by
// default, a label. A new option in options.ts shows up here by itself; one whose default is a
// string with fixed choices or null needs one line in PLAN_HINTS (see docs/playground.md).
import type { TrainOptions } from '../../lib/index.js';

/** What a default value cannot tell about an option. */
export interface PlanHint {
  /** The allowed values of a string option. */
  choices?: readonly string[];
  /** The fields (with example values) of an option that is null (off) by default. */
  fields?: Record<string, number>;
  /** Shown instead of the option's key. */
  label?: string;
}

/**
 * Hints by option path ('section.key'). `activation` takes its choices from the library at run time.
 *
 * @example
 * PLAN_HINTS['sampling.rar'].fields; // { candidates: 4000, add: 200 }
 */
export const PLAN_HINTS: Record<string, PlanHint> = {
  'network.hidden': { label: 'hidden layers' },
  'network.architecture': { choices: ['mlp', 'modified', 'pirate'] },
  'network.embedding': { label: 'embedding (JSON: {"periodic": {"x": 2}, "fourier": {"features": 64, "scale": 1}})' },
  'network.factorization': { fields: { mean: 0.5, std: 0.1 }, label: 'weight factorisation' },
  'network.normalize': { label: 'inputs to [-1, 1]' },
  'sampling.method': { choices: ['uniform', 'lhs', 'sobol'] },
  'sampling.domain': { label: 'interior points' },
  'sampling.boundary': { label: 'points per condition' },
  'sampling.rar': { fields: { candidates: 4000, add: 200 }, label: 'RAR' },
  'adam.lr': { label: 'learning rate' },
  'adam.decay': { fields: { every: 500, rate: 0.5 } },
  'adam.warmup': { fields: { steps: 500, from: 0 } },
  balance: { fields: { every: 1000, momentum: 0.9 }, label: 'loss balancing (gradient norms)' },
  causal: { fields: { chunks: 32, epsilon: 1 }, label: 'causal weights' },
  'lbfgs.plateau': { fields: { iterations: 100, change: 1e-3 } },
  marching: { fields: { windows: 5 }, label: 'time marching (windows)' },
};

type Leaf = number | boolean | string | number[] | null | Record<string, unknown>;

/** A rendered plan panel. */
export interface PlanForm {
  /** The options as the fields hold them (throws naming the field when one cannot be read). */
  read(): TrainOptions;
  /** Shows these options (over the defaults). */
  set(options: TrainOptions): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One field: its element and how to read and write it. */
interface Field {
  path: string;
  read(): unknown;
  write(v: unknown): void;
}

function numberInput(value: number): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.step = 'any';
  input.value = String(value);
  return input;
}

function readNumber(input: HTMLInputElement, path: string): number {
  const v = Number(input.value);
  if (input.value.trim() === '' || !Number.isFinite(v)) throw new Error(`The plan's '${path}' must be a number, but holds '${input.value}'.`);
  return v;
}

/** Makes the field for one option from its default (and hint). */
function makeField(path: string, def: Leaf, hint: PlanHint, choices: Record<string, readonly string[]>): { element: HTMLElement; field: Field } {
  const wrap = document.createElement('label');
  wrap.className = 'plan-field';
  wrap.dataset.option = path;
  const name = document.createElement('span');
  name.textContent = hint.label ?? path.split('.').pop()!;
  name.title = `options.${path}`;
  wrap.append(name);
  const options = hint.choices ?? choices[path];
  if (typeof def === 'string' || options !== undefined) {
    const select = document.createElement('select');
    for (const c of options ?? [def as string]) select.append(new Option(c, c));
    select.value = String(def);
    wrap.append(select);
    return { element: wrap, field: { path, read: () => select.value, write: (v) => (select.value = String(v)) } };
  }
  if (typeof def === 'number') {
    const input = numberInput(def);
    wrap.append(input);
    return { element: wrap, field: { path, read: () => readNumber(input, path), write: (v) => (input.value = String(v)) } };
  }
  if (typeof def === 'boolean') {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = def;
    wrap.append(box);
    return { element: wrap, field: { path, read: () => box.checked, write: (v) => (box.checked = v === true) } };
  }
  if (Array.isArray(def)) {
    const input = document.createElement('input');
    input.value = def.join(', ');
    input.className = 'wide';
    wrap.append(input);
    const read = () => {
      const parts = input.value.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const values = parts.map(Number);
      if (values.some((v) => !Number.isFinite(v))) throw new Error(`The plan's '${path}' must be numbers separated by commas, but holds '${input.value}'.`);
      return values;
    };
    return { element: wrap, field: { path, read, write: (v) => (input.value = (v as number[]).join(', ')) } };
  }
  if (def === null && hint.fields) {
    // Off by default: a checkbox turns it on, with its fields.
    const on = document.createElement('input');
    on.type = 'checkbox';
    const inputs = Object.fromEntries(Object.entries(hint.fields).map(([k, v]) => [k, numberInput(v)]));
    wrap.append(on);
    for (const [k, input] of Object.entries(inputs)) {
      const sub = document.createElement('span');
      sub.className = 'sub';
      sub.textContent = k;
      wrap.append(sub, input);
    }
    const sync = () => Object.values(inputs).forEach((i) => (i.disabled = !on.checked));
    on.addEventListener('change', sync);
    sync();
    const read = () => (on.checked ? Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, readNumber(i, `${path}.${k}`)])) : null);
    const write = (v: unknown) => {
      on.checked = isRecord(v);
      if (isRecord(v)) for (const [k, i] of Object.entries(inputs)) if (v[k] !== undefined) i.value = String(v[k]);
      sync();
    };
    return { element: wrap, field: { path, read, write } };
  }
  // Anything else (an object such as weights, or null without a hint): JSON.
  const input = document.createElement('input');
  input.className = 'wide';
  input.value = JSON.stringify(def);
  wrap.append(input);
  const read = () => {
    try {
      return JSON.parse(input.value);
    } catch {
      throw new Error(`The plan's '${path}' must be JSON, but holds '${input.value}'.`);
    }
  };
  return { element: wrap, field: { path, read, write: (v) => (input.value = JSON.stringify(v ?? null)) } };
}

/**
 * Renders the plan panel into `container` from the checked default options (`checkTrainOptions({})`):
 * one fieldset per section (network, sampling, adam, lbfgs, weights), a field per option.
 * `choices` gives string options' choices known only at run time (the activations).
 */
export function renderPlan(container: HTMLElement, defaults: Record<string, unknown>, choices: Record<string, readonly string[]>): PlanForm {
  container.replaceChildren();
  const fields: Field[] = [];
  const general = document.createElement('fieldset');
  general.innerHTML = '<legend>general</legend>';
  for (const [section, value] of Object.entries(defaults)) {
    if (isRecord(value) && Object.keys(value).length > 0) {
      const set = document.createElement('fieldset');
      set.dataset.section = section;
      const legend = document.createElement('legend');
      legend.textContent = section;
      set.append(legend);
      for (const [key, def] of Object.entries(value)) {
        const path = `${section}.${key}`;
        const { element, field } = makeField(path, def as Leaf, PLAN_HINTS[path] ?? {}, choices);
        set.append(element);
        fields.push(field);
      }
      container.append(set);
    } else {
      const { element, field } = makeField(section, value as Leaf, PLAN_HINTS[section] ?? {}, choices);
      general.append(element);
      fields.push(field);
    }
  }
  container.append(general);
  const get = (o: Record<string, unknown>, path: string) => path.split('.').reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), o);
  return {
    read() {
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const [section, key] = f.path.split('.');
        const v = f.read();
        if (key === undefined) out[section] = v;
        else out[section] = { ...(out[section] as object), [key]: v };
      }
      // weights: the checked default is {}, read as JSON; drop an empty one.
      if (isRecord(out.weights) && Object.keys(out.weights).length === 0) delete out.weights;
      return out as TrainOptions;
    },
    set(options) {
      for (const f of fields) {
        const given = get(options as Record<string, unknown>, f.path);
        f.write(given !== undefined ? given : get(defaults, f.path));
      }
    },
  };
}
