// JUnit XML for CI test reporters (GitHub/GitLab/Jenkins test tabs): one <testsuite> per
// dimension, one <testcase> per rule.
//
// Mapping: fail → <failure>; error (the scanner could not judge) → <error>;
// na → <skipped>. A warning is a *passing* test case whose <system-out> says what to
// improve: CI reporters treat any failure as a broken build, and a SHOULD-level warning
// must not break builds by itself (assertions on scores decide that, not the report).
import type { Result, RuleResult } from '../src/contract/result.ts';
import { DIMENSIONS, DIMENSION_NAMES, ruleCapNote } from './present.ts';
import { cleanText, oneLine } from './text.ts';

/** Characters XML 1.0 does not allow at all (even escaped): C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return cleanText(s)
    .replace(XML_ILLEGAL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and keep newlines/tabs as references (parsers would normalise them to spaces). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function body(r: RuleResult, result: Result): string {
  return [
    `${r.summary}`,
    `Observed: ${r.detail}`,
    ...(r.fix ? [`Fix: ${r.fix}`] : []),
    ...(r.status === 'fail' && ruleCapNote(r) ? [ruleCapNote(r) as string] : []),
    ...r.specRefs.map((s) => `Spec: ${s.label} <${s.url}>`),
    `Target: ${result.url}`,
  ].join('\n');
}

function testcase(r: RuleResult, result: Result): string {
  const open = `    <testcase classname="agentready.${xmlAttr(r.dimension)}" name="${xmlAttr(`${r.id}: ${oneLine(r.title)}`)}" time="0"`;
  switch (r.status) {
    case 'pass':
      return `${open}/>`;
    case 'warn':
      return `${open}>\n      <system-out>${xmlText(`WARNING (${r.level}): ${body(r, result)}`)}</system-out>\n    </testcase>`;
    case 'na':
      return `${open}>\n      <skipped message="${xmlAttr(oneLine(r.summary))}"/>\n    </testcase>`;
    case 'fail':
      return `${open}>\n      <failure message="${xmlAttr(oneLine(`${r.summary}${r.fix ? ` Fix: ${r.fix}` : ''}`))}" type="${xmlAttr(r.level)}">${xmlText(body(r, result))}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${xmlAttr(oneLine(r.summary))}" type="rule-error">${xmlText(body(r, result))}</error>\n    </testcase>`;
  }
}

function counts(rules: RuleResult[]) {
  return {
    tests: rules.length,
    failures: rules.filter((r) => r.status === 'fail').length,
    errors: rules.filter((r) => r.status === 'error').length,
    skipped: rules.filter((r) => r.status === 'na').length,
  };
}

const attrs = (c: ReturnType<typeof counts>) => `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;

export function renderJunit(result: Result): string {
  const seconds = (result.durationMs / 1000).toFixed(3);
  const suites = DIMENSIONS.map((d) => {
    const rules = result.rules.filter((r) => r.dimension === d);
    const score = result.scores[d];
    return [
      `  <testsuite name="${xmlAttr(`agentready ${d} ${DIMENSION_NAMES[d]}`)}" ${attrs(counts(rules))} time="0" timestamp="${xmlAttr(result.startedAt)}">`,
      '    <properties>',
      `      <property name="target" value="${xmlAttr(result.url)}"/>`,
      `      <property name="score" value="${score === null ? 'not judged' : score}"/>`,
      `      <property name="coverage" value="${result.coverage[d] ?? 'not judged'}"/>`,
      '    </properties>',
      ...rules.map((r) => testcase(r, result)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`agentready ${result.url}`)}" ${attrs(counts(result.rules))} time="${seconds}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
