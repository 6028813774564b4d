import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where sonar-scanner leaves its hand-off file (Maven/Gradle scanners use target/sonar or build/sonar). */
export const DEFAULT_REPORT_TASK_PATH = '.scannerwork/report-task.txt';

/** What the scanner tells us about the analysis it submitted: the compute-engine task to wait for. */
export interface ReportTask {
  serverUrl: string;
  ceTaskId: string;
  ceTaskUrl: string;
  dashboardUrl: string;
  projectKey: string;
}

const REQUIRED = ['serverUrl', 'ceTaskId', 'ceTaskUrl', 'dashboardUrl', 'projectKey'] as const;

/** Reads and parses the scanner's report-task.txt; `path` is relative to the workspace unless absolute. */
export async function readReportTask(workspace: string, path = DEFAULT_REPORT_TASK_PATH): Promise<ReportTask> {
  const file = path.startsWith('/') ? path : join(workspace, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`the scanner wrote no report-task.txt (expected ${file}): did the scan step run?`);
    }
    throw err;
  }
  return parseReportTask(text, file);
}

export function parseReportTask(text: string, source = 'report-task.txt'): ReportTask {
  const props = parseProperties(text);
  const missing = REQUIRED.filter((key) => !props.get(key));
  if (missing.length > 0) {
    throw new Error(`${source} lacks ${missing.join(', ')}: was it written by a SonarQube scanner?`);
  }
  const value = (key: (typeof REQUIRED)[number]): string => props.get(key) ?? '';
  return {
    serverUrl: value('serverUrl'),
    ceTaskId: value('ceTaskId'),
    ceTaskUrl: value('ceTaskUrl'),
    dashboardUrl: value('dashboardUrl'),
    projectKey: value('projectKey'),
  };
}

/**
 * Java `.properties` syntax, as java.util.Properties writes it: `#`/`!` comments, `=`, `:` or whitespace as the
 * separator, backslash escapes (`\:` and `\=` appear in every URL the scanner writes), `\uXXXX`, and a trailing
 * backslash continuing the line.
 */
function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithContinuation(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++i] ?? '').replace(/^[ \t\f]+/, '');
    }
    const { key, rest } = splitKey(line);
    props.set(unescape(key), unescape(rest));
  }
  return props;
}

/** An odd number of trailing backslashes: the last one is not itself escaped. */
function endsWithContinuation(line: string): boolean {
  const trailing = /\\*$/.exec(line)?.[0].length ?? 0;
  return trailing % 2 === 1;
}

function splitKey(line: string): { key: string; rest: string } {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') i += 2;
    else if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    else i++;
  }
  const key = line.slice(0, i);
  // One separator, optionally surrounded by whitespace: "a = b", "a:b", "a b".
  const rest = line.slice(i).replace(/^[ \t\f]*[=:]?[ \t\f]*/, '');
  return { key, rest };
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc: string) => {
    if (esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[esc] ?? esc;
  });
}
