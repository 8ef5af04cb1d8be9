export type { NetworkAlgebra } from './algebra.js';
export { TENSOR_ALGEBRA } from './algebra.js';
export { Network } from './network.js';
export type { NetworkJSON } from './network.js';
export { ARCHITECTURES, NETWORK_DEFAULTS, checkNetworkOptions, isPlainMLP } from './options.js';
export type { Architecture, CheckedNetworkOptions, FactorizationOptions, FourierOptions, NetworkOptions, NetworkOptionSite, PeriodicInput } from './options.js';
export type { StateDict } from './state_dict.js';
export { createNetwork, networkSizes } from './create.js';
export type { PinnNet } from './create.js';
