import { adapterContract } from '../adapter.contract.js';
import { whatsappHarness } from './harness.js';

adapterContract(whatsappHarness);
