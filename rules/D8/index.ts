// Rules of dimension D8, in report order.
import type { Rule } from '../../src/engine/rule.ts';


export const D8_RULES: Rule[] = [

] as Rule[];
