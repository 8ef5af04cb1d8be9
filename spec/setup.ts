import * as tf from '@tensorflow/tfjs';

// Silences tfjs's banner suggesting tfjs-node.
tf.env().set('IS_TEST', true);
