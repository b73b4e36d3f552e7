// Rules of dimension D7, in report order.
import type { Rule } from '../../src/engine/rule.ts';


export const D7_RULES: Rule[] = [

] as Rule[];
