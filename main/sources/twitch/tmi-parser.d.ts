// tmi.js's IRC line parser (lib/parser.js), which its typings do not describe.
declare module 'tmi.js/lib/parser.js' {
  const parser: {
    msg(data: string): {
      raw: string;
      tags: Record<string, string | true>;
      prefix: string | null;
      command: string | null;
      params: string[];
    } | null;
  };
  export default parser;
}

// tmi.js's helpers (lib/utils.js): the tests check our tag decoding against its unescapeIRC.
declare module 'tmi.js/lib/utils.js' {
  const utils: { unescapeIRC(value: string): string };
  export default utils;
}
