/**
 * Sets `key` as an own, enumerable property. Names a server chooses (header and parameter
 * names) can be `__proto__`, which plain assignment would turn into a prototype change
 * (a string value is silently dropped) instead of a key.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
