// A well-behaved session-era server, except tools/list returns 100,000 tools (≈ 1.9 MB), every page.
import { fakeMcp, rawHttp, type Hostile } from '../harness.ts';

const TOOLS = Array.from({ length: 100_000 }, (_, i) => ({ name: `t${i}` }));

export const start = (): Promise<Hostile> => rawHttp(fakeMcp({ serverInfo: { name: 'tools-100k', version: '1' }, tools: () => TOOLS }));
