// The rule kit: everything a rule may import besides the rule contract. Pure readers over
// the Evidence (never the network), the CORS/auth helpers and the stream-timing analysis.
export * from './evidence.ts';
export * from './security.ts';
export * from './timing.ts';
export * from './browser.ts';
