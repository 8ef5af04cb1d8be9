// The problem editor: a ProblemDefinition (lib/expression) shown as fields and read back. Every text
// field knows the definition field it becomes ('residual[1]', 'conditions[0].value', ...), so an
// ExpressionError from compileProblem is shown under the right field, at the right character.
import type { ConditionDefinition, ProblemDefinition } from '../../lib/index.js';

const $ = <T extends HTMLElement>(root: ParentNode, sel: string) => root.querySelector(sel) as T;

const KINDS = ['dirichlet', 'neumann', 'robin', 'initial', 'initialVelocity', 'periodic', 'operator'] as const;
/** The text fields of each kind of condition. */
const CONDITION_FIELDS: Record<string, string[]> = {
  dirichlet: ['on', 'value'],
  neumann: ['on', 'value'],
  robin: ['on', 'a', 'b', 'value'],
  initial: ['value'],
  initialVelocity: ['value'],
  periodic: ['input', 'derivatives'],
  operator: ['on', 'residual'],
};

const list = (s: string) => s.split(',').map((v) => v.trim()).filter((v) => v !== '');
const lines = (s: string) => s.split('\n').map((v) => v.trim()).filter((v) => v !== '');

/** A problem editor bound to the page's form. */
export interface ProblemForm {
  read(): ProblemDefinition;
  set(d: ProblemDefinition): void;
  /** The element showing `field`, and the line within it (textareas hold one expression per line). */
  locate(field: string): { element: HTMLInputElement | HTMLTextAreaElement; line: number } | undefined;
  setDisabled(disabled: boolean): void;
}

/**
 * The region as one geometry expression: a box domain becomes 'box([lo, hi], ...)' and is read back
 * as a domain (so a preset stays the shipped problem), anything else stays a geometry.
 */
function regionText(d: ProblemDefinition): string {
  if (d.geometry !== undefined) return d.geometry;
  return `box(${d.inputs.map((i) => `[${d.domain![i].join(', ')}]`).join(', ')})`;
}

/** A box(...) of constant ranges as a domain, else undefined. */
function asDomain(text: string, inputs: string[], parse: (t: string) => unknown): Record<string, [string, string]> | undefined {
  let node: { type: string; name?: string; args?: { type: string; items?: { start: number; end: number }[] }[] };
  try {
    node = parse(text) as typeof node;
  } catch {
    return undefined;
  }
  if (node.type !== 'call' || node.name !== 'box' || node.args?.length !== inputs.length) return undefined;
  if (node.args.some((a) => a.type !== 'array' || a.items?.length !== 2)) return undefined;
  return Object.fromEntries(inputs.map((input, k) => [input, node.args![k].items!.map((it) => text.slice(it.start, it.end).trim()) as [string, string]]));
}

/** Binds the editor to the fields inside `root`; `parse` is the library's parseExpression. */
export function bindProblemForm(root: HTMLElement, parse: (text: string) => unknown): ProblemForm {
  const name = $<HTMLInputElement>(root, '#p-name');
  const inputs = $<HTMLInputElement>(root, '#p-inputs');
  const outputs = $<HTMLInputElement>(root, '#p-outputs');
  const time = $<HTMLInputElement>(root, '#p-time');
  const region = $<HTMLInputElement>(root, '#p-region');
  const definitions = $<HTMLTextAreaElement>(root, '#p-definitions');
  const residual = $<HTMLTextAreaElement>(root, '#p-residual');
  const residualNames = $<HTMLInputElement>(root, '#p-residual-names');
  const conditions = $<HTMLElement>(root, '#p-conditions');
  const perOutput = $<HTMLElement>(root, '#p-outputs-table');
  const upToConstant = $<HTMLInputElement>(root, '#p-up-to-constant');
  let title = '';
  let grid: Record<string, number> | undefined;
  // A definition's own geometry text stays a geometry while unchanged (a box geometry and a box domain
  // are the same region, but a preset should read back as it was written).
  let loadedGeometry: string | undefined;

  /** One condition row: kind select, output, its text fields, weight, imposed, remove. */
  const addCondition = (c?: ConditionDefinition) => {
    const row = document.createElement('div');
    row.className = 'condition';
    const kind = document.createElement('select');
    for (const k of KINDS) kind.append(new Option(k, k));
    kind.value = c?.kind ?? 'dirichlet';
    const fields = document.createElement('span');
    const render = (values: Record<string, unknown> = {}) => {
      fields.replaceChildren();
      for (const f of CONDITION_FIELDS[kind.value]) {
        const input = document.createElement('input');
        input.dataset.key = f;
        input.placeholder = f === 'on' ? 'x-min, x-max' : f === 'input' ? 'x' : f === 'derivatives' ? '0' : 'expression';
        input.className = f === 'on' || f === 'input' || f === 'derivatives' ? 'short' : 'expr';
        input.value = values[f] === undefined ? '' : String(values[f]);
        const lab = document.createElement('label');
        lab.append(`${f} `, input);
        fields.append(lab);
      }
    };
    render(c as Record<string, unknown> | undefined);
    kind.addEventListener('change', () => render());
    const output = document.createElement('input');
    output.className = 'short';
    output.dataset.key = 'output';
    output.placeholder = 'first';
    output.value = c?.output ?? '';
    const weight = document.createElement('input');
    weight.className = 'short';
    weight.dataset.key = 'weight';
    weight.placeholder = '1';
    weight.value = c?.weight === undefined ? '' : String(c.weight);
    const imposed = document.createElement('input');
    imposed.type = 'checkbox';
    imposed.dataset.key = 'imposed';
    imposed.checked = c?.imposed === true;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = '×';
    remove.title = 'remove this condition';
    remove.addEventListener('click', () => row.remove());
    const out = document.createElement('label');
    out.append('output ', output);
    const w = document.createElement('label');
    w.append('weight ', weight);
    const imp = document.createElement('label');
    imp.append(imposed, ' imposed');
    row.append(kind, fields, out, w, imp, remove);
    conditions.append(row);
  };
  $<HTMLButtonElement>(root, '#p-add-condition').addEventListener('click', () => addCondition());

  /** Rows of transform value and scale and exact solution, one per output. */
  const renderOutputs = (d?: ProblemDefinition) => {
    const names = list(outputs.value);
    const old = Object.fromEntries([...perOutput.querySelectorAll<HTMLInputElement>('input')].map((i) => [i.dataset.field!, i.value]));
    perOutput.replaceChildren();
    const exact = d ? (typeof d.exact === 'object' ? d.exact : d.exact === undefined ? {} : { [names[0]]: d.exact }) : undefined;
    for (const o of names) {
      const row = document.createElement('tr');
      const cell = (field: string, value: unknown) => {
        const input = document.createElement('input');
        input.className = 'expr';
        input.dataset.field = field;
        input.value = d ? (value === undefined ? '' : String(value)) : (old[field] ?? '');
        const td = document.createElement('td');
        td.append(input);
        return td;
      };
      const th = document.createElement('th');
      th.textContent = o;
      row.append(th, cell(`exact.${o}`, exact?.[o]), cell(`transform.${o}.value`, d?.transform?.[o]?.value), cell(`transform.${o}.scale`, d?.transform?.[o]?.scale));
      perOutput.append(row);
    }
  };
  outputs.addEventListener('change', () => renderOutputs());

  const all = () => [name, inputs, outputs, time, region, definitions, residual, residualNames, upToConstant, ...root.querySelectorAll<HTMLInputElement>('#p-conditions input, #p-conditions select, #p-conditions button, #p-outputs-table input, #p-add-condition')];

  return {
    read() {
      const ins = list(inputs.value);
      const outs = list(outputs.value);
      const d: ProblemDefinition = { name: name.value.trim() || 'custom', inputs: ins, residual: [] };
      if (title) d.title = title;
      if (outs.length > 0 && outs.join(',') !== 'u') d.outputs = outs;
      if (time.value.trim()) d.time = time.value.trim();
      const domain = region.value === loadedGeometry ? undefined : asDomain(region.value, ins, parse);
      if (domain) d.domain = domain;
      else d.geometry = region.value;
      const defs = lines(definitions.value);
      if (defs.length > 0) d.definitions = defs;
      const res = lines(residual.value);
      d.residual = res.length === 1 ? res[0] : res;
      if (residualNames.value.trim()) d.residualNames = list(residualNames.value);
      d.conditions = [...conditions.querySelectorAll<HTMLElement>('.condition')].map((row) => {
        const c: Record<string, unknown> = { kind: row.querySelector('select')!.value };
        for (const input of row.querySelectorAll<HTMLInputElement>('input')) {
          const key = input.dataset.key!;
          if (key === 'imposed') {
            if (input.checked) c.imposed = true;
          } else if (input.value.trim() !== '') c[key] = key === 'weight' || key === 'derivatives' ? Number(input.value) : key === 'on' ? input.value.trim() : input.value;
        }
        return c as unknown as ConditionDefinition;
      });
      const exact: Record<string, string> = {};
      const transform: Record<string, { value: string; scale: string }> = {};
      for (const input of perOutput.querySelectorAll<HTMLInputElement>('input')) {
        if (input.value.trim() === '') continue;
        const [kind, o, side] = input.dataset.field!.split('.');
        if (kind === 'exact') exact[o] = input.value;
        else transform[o] = { ...(transform[o] ?? { value: '0', scale: '1' }), [side]: input.value };
      }
      if (Object.keys(exact).length > 0) d.exact = Object.keys(exact).length === 1 && (outs.length <= 1) ? exact[outs[0] ?? 'u'] : exact;
      if (Object.keys(transform).length > 0) d.transform = transform;
      if (upToConstant.value.trim()) d.upToConstant = list(upToConstant.value);
      if (grid && Object.keys(grid).join(',') === ins.join(',')) d.grid = grid;
      return d;
    },
    set(d) {
      title = d.title ?? '';
      grid = d.grid;
      name.value = d.name ?? 'custom';
      inputs.value = d.inputs.join(', ');
      outputs.value = (d.outputs ?? ['u']).join(', ');
      time.value = d.time ?? '';
      region.value = regionText(d);
      loadedGeometry = d.geometry;
      definitions.value = (d.definitions ?? []).join('\n');
      residual.value = [d.residual].flat().join('\n');
      residualNames.value = (d.residualNames ?? []).join(', ');
      conditions.replaceChildren();
      for (const c of d.conditions ?? []) addCondition(c);
      renderOutputs(d);
      upToConstant.value = (d.upToConstant ?? []).join(', ');
    },
    locate(field) {
      const at = /^(definitions|residual)\[(\d+)\]$/.exec(field);
      if (at) return { element: at[1] === 'definitions' ? definitions : residual, line: Number(at[2]) };
      if (field === 'residual') return { element: residual, line: 0 };
      if (field === 'geometry' || field.startsWith('domain')) return { element: region, line: 0 };
      const cond = /^conditions\[(\d+)\]\.(\w+)$/.exec(field);
      if (cond) {
        const row = conditions.querySelectorAll('.condition')[Number(cond[1])];
        const input = row?.querySelector<HTMLInputElement>(`input[data-key="${cond[2]}"]`);
        return input ? { element: input, line: 0 } : undefined;
      }
      const cell = perOutput.querySelector<HTMLInputElement>(`input[data-field="${field}"]`);
      return cell ? { element: cell, line: 0 } : undefined;
    },
    setDisabled(disabled) {
      for (const el of all()) (el as HTMLInputElement).disabled = disabled;
    },
  };
}
