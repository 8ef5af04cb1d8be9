import * as tf from '@tensorflow/tfjs';

/** A backend tfjs-pinn can run on in Node. */
export type NodeBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initBackend} chose and why. */
export interface BackendChoice {
  /** The backend now active (`tf.getBackend()`). */
  name: string;
  /** Why: asked for, or the fastest available and why faster ones were skipped. */
  reason: string;
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Print the choice and its reason. @default true */
  log?: boolean;
}

const NODE_ORDER: NodeBackendName[] = ['tensorflow', 'wasm', 'cpu'];

// A variable specifier keeps bundlers and tsc from resolving the optional peer.
const TFJS_NODE = '@tensorflow/tfjs-node';

/** Loads a backend's package and registers it; returns why not, or undefined on success. */
async function load(name: NodeBackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') await import(/* @vite-ignore */ TFJS_NODE);
    if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const missing = code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (package|module)|Could not resolve/.test(message);
    const why = missing ? 'not installed' : `failed to load: ${message.split('\n')[0]}`;
    return name === 'tensorflow'
      ? `@tensorflow/tfjs-node ${why} (optional: install it with 'npm install @tensorflow/tfjs-node' where libtensorflow can be downloaded)`
      : `@tensorflow/tfjs-backend-${name} ${why}`;
  }
  if (tf.findBackendFactory(name) == null) return `${name} did not register itself with this copy of tfjs`;
  return undefined;
}

/**
 * Chooses and starts the fastest backend available in Node: 'tensorflow'
 * (native, from the optional @tensorflow/tfjs-node), else 'wasm', else 'cpu'.
 * `preferred`, or the TFJS_PINN_BACKEND environment variable, asks for one;
 * asking for one that cannot start is an error that says why.
 *
 * @example
 * const { name, reason } = await initBackend();
 * await initBackend('cpu');
 */
export async function initBackend(preferred?: string, options: InitBackendOptions = {}): Promise<BackendChoice> {
  const wanted = preferred ?? process.env.TFJS_PINN_BACKEND ?? undefined;
  if (wanted !== undefined && !NODE_ORDER.includes(wanted as NodeBackendName)) {
    throw new Error(`Backend '${wanted}' passed to 'initBackend' is not one of ${NODE_ORDER.join(', ')} (in Node).`);
  }
  const skipped: string[] = [];
  const candidates = wanted === undefined ? NODE_ORDER : [wanted as NodeBackendName];
  for (const name of candidates) {
    const failure = await load(name);
    if (failure === undefined && (await tf.setBackend(name))) {
      await tf.ready();
      const asked = wanted === undefined ? 'fastest available' : preferred !== undefined ? 'requested' : 'requested by TFJS_PINN_BACKEND';
      const reason = skipped.length > 0 ? `${asked}; ${skipped.join('; ')}` : asked;
      if (options.log ?? true) console.log(`tfjs-pinn: backend '${name}' (${reason})`);
      return { name, reason };
    }
    skipped.push(failure ?? `${name} failed to initialise`);
  }
  throw new Error(`'initBackend' could not start backend '${wanted}': ${skipped.join('; ')}.`);
}

/**
 * Which of the Node backends can be loaded here, without switching to any.
 *
 * @example
 * await availableBackends(); // ['wasm', 'cpu'] without tfjs-node
 * for (const b of await availableBackends()) await initBackend(b);
 */
export async function availableBackends(): Promise<NodeBackendName[]> {
  const names: NodeBackendName[] = [];
  for (const name of NODE_ORDER) if ((await load(name)) === undefined) names.push(name);
  return names;
}
