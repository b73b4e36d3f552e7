// Every rule, in report order. One rule per file under rules/<dimension>/.
import type { Rule } from '../src/contract/rule.ts';
import { D2_RULES } from './D2/index.ts';
import { D7_RULES } from './D7/index.ts';
import { D8_RULES } from './D8/index.ts';

export const ALL_RULES: Rule[] = [...D2_RULES, ...D7_RULES, ...D8_RULES];
