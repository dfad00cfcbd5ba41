/**
 * Debian's Chromium (never a downloaded browser) and the flags every test runs it under: headless,
 * no sandbox or GPU, and nothing that reaches the network on its own (QUIC, background updates, sync).
 */
export const chromiumExecutablePath = '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
