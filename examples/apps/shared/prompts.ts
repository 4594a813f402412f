// What an app prints when a person has to do something in a browser. A person running the app by
// hand opens the URL; scripts/run-examples.ts reads the same lines and lets a scripted person
// (examples/apps/scenario-kit/person.ts) do it.
//
//   [sign-in] <context>: <url>          sign in (and consent) at the authorize URL
//   [admin-consent] <context>: <url>    an administrator grants the app for the organization
//   [wait] <what>                       the app polls for something slow (e.g. team provisioning)
//   ... enter the code ABCD1234 ...     MSAL's device code message, printed as MSAL words it

export type Prompt =
  | { kind: 'sign-in'; context: string; url: string }
  | { kind: 'admin-consent'; context: string; url: string }
  | { kind: 'wait'; what: string }
  | { kind: 'device-code'; url: string; code: string };

export function promptLine(p: Prompt): string {
  switch (p.kind) {
    case 'sign-in':
    case 'admin-consent':
      return `[${p.kind}] ${p.context}: ${p.url}`;
    case 'wait':
      return `[wait] ${p.what}`;
    case 'device-code':
      return `To sign in, use a web browser to open the page ${p.url} and enter the code ${p.code} to authenticate.`;
  }
}

export function parsePrompt(line: string): Prompt | undefined {
  let m = /^\[(sign-in|admin-consent)\] ([^:]+): (\S+)$/.exec(line);
  if (m) return { kind: m[1] as 'sign-in' | 'admin-consent', context: m[2]!, url: m[3]! };
  m = /^\[wait\] (.+)$/.exec(line);
  if (m) return { kind: 'wait', what: m[1]! };
  m = /open the page (\S+) and enter the code (\S+)/.exec(line);
  if (m) return { kind: 'device-code', url: m[1]!, code: m[2]! };
  return undefined;
}
