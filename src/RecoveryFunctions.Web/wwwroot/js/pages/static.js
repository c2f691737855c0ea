// Pages without a form: the shared layout and the language only.
import { layout } from '../ui.js';

layout();
