import { adapterContract } from '../adapter.contract.js';
import { cloudHarness } from './harness.js';

adapterContract(cloudHarness);
