export { ACTIVATIONS, activation } from './activations.js';
export type { ActivationName } from './activations.js';
export type { InitName } from './init.js';
export { MLP } from './mlp.js';
export type { MLPOptions } from './mlp_options.js';
export { TestNet } from './test_net.js';
export type { TestNetOptions } from './test_net.js';
export type { TorchLayer } from './torch_layers.js';
