import type { ActivationName } from '../../models/index.js';
import { Jet } from '../jet.js';
import { geluJet } from './gelu.js';
import { sigmoidJet } from './sigmoid.js';
import { sinJet } from './sin.js';
import { softplusJet } from './softplus.js';
import { swishJet } from './swish.js';
import { tanhJet } from './tanh.js';

/** Maps the jet of an activation's input to the jet of its output. */
export type TaylorRule = (z: Jet) => Jet;

/** The Taylor rule of every activation the MLP offers. */
export const TAYLOR_RULES: Record<ActivationName, TaylorRule> = {
  tanh: tanhJet,
  sigmoid: sigmoidJet,
  sin: sinJet,
  softplus: softplusJet,
  swish: swishJet,
  gelu: geluJet,
};
