// The one place zod is configured; everything of ours that defines or parses a schema imports
// `z` from here. jitless: zod v4 otherwise compiles each object schema to a function on its
// first parse, which costs a one-shot scan ~50 ms (the Evidence schema is large) and gains
// nothing measurable even over a batch's thousands of parses (bench/render.bench.ts).
import { z } from 'zod';

z.config({ jitless: true });

export { z };
