// Rules of dimension D2, in report order.
import type { Rule } from '../../src/engine/rule.ts';
import era from './era.ts';

export const D2_RULES: Rule[] = [
  era,
] as Rule[];
