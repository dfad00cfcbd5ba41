import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DemoLead, demoLeads } from './leads.js';

/**
 * A small CRM look-alike for trying the extension without a real CRM account. Lead pages live at
 * `/leads/<id>`; moving between leads uses pushState (as HubSpot and Salesforce do), so the
 * extension's navigation following is exercised. Fields carry `data-field` attributes the demo
 * adapter reads, the same way the real adapters read their CRM's markup.
 */

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const styles = `
  :root { color-scheme: light; font: 15px/1.45 system-ui, sans-serif; }
  body { margin: 0; background: #f4f6f9; color: #1d2733; }
  header { background: #213343; color: #fff; padding: 12px 20px; display: flex; gap: 20px; align-items: center; }
  header a { color: #fff; text-decoration: none; font-weight: 600; }
  main { display: grid; grid-template-columns: 260px 1fr; gap: 20px; padding: 20px; }
  nav ul { list-style: none; margin: 0; padding: 0; background: #fff; border-radius: 8px; }
  nav li a { display: block; padding: 10px 14px; color: #1d2733; text-decoration: none; border-bottom: 1px solid #e5e9ef; }
  nav li a[aria-current="page"] { background: #e8f0fe; font-weight: 600; }
  article { background: #fff; border-radius: 8px; padding: 20px 24px; }
  dl { display: grid; grid-template-columns: 160px 1fr; gap: 8px 16px; }
  dt { color: #5c6b7a; }
  dd { margin: 0; }
  dd:empty::after { content: '—'; color: #9aa5b1; }
`;

function leadList(currentId: string | undefined): string {
  const items = demoLeads
    .map(
      (lead) =>
        `<li><a href="/leads/${lead.id}"${lead.id === currentId ? ' aria-current="page"' : ''}>${escapeHtml(lead.name)}<br><small>${escapeHtml(lead.company)}</small></a></li>`,
    )
    .join('');
  return `<nav aria-label="Leads"><ul>${items}</ul></nav>`;
}

export function leadRecord(lead: DemoLead): string {
  const field = (name: keyof DemoLead, label: string) =>
    `<dt>${label}</dt><dd data-field="${name}">${escapeHtml(lead[name] ?? '')}</dd>`;
  // The CRM's own time of a change, for machines in `datetime` and for people in the text.
  const time = (name: 'ownerChangedAt' | 'stageChangedAt', label: string) => {
    const at = lead[name];
    if (at === undefined) return '';
    const shown = `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
    return `<dt>${label}</dt><dd><time data-field="${name}" datetime="${escapeHtml(at)}">${shown}</time></dd>`;
  };
  return `<article data-record-id="${lead.id}">
    <h1 data-field="name">${escapeHtml(lead.name)}</h1>
    <dl>
      ${field('company', 'Company')}
      ${field('email', 'Email')}
      ${field('phone', 'Phone')}
      ${field('owner', 'Lead owner')}
      ${field('lifecycleStage', 'Lifecycle stage')}
      ${field('leadStatus', 'Lead status')}
      ${time('ownerChangedAt', 'Owner assigned')}
      ${time('stageChangedAt', 'Stage entered')}
    </dl>
  </article>`;
}

const clientScript = `
  document.addEventListener('click', async (event) => {
    const link = event.target.closest('a[href^="/leads/"]');
    if (!link || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    const response = await fetch('/api' + href);
    if (!response.ok) return;
    const { record, title } = await response.json();
    document.querySelector('#record').innerHTML = record;
    document.title = title;
    for (const item of document.querySelectorAll('nav a')) {
      if (item.getAttribute('href') === href) item.setAttribute('aria-current', 'page');
      else item.removeAttribute('aria-current');
    }
    history.pushState({}, '', href);
  });
  window.addEventListener('popstate', () => location.reload());
`;

function page(title: string, body: string, currentId?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1"><style>${styles}</style></head>
  <body><header><a href="/leads">Demo CRM</a><span>Leads</span></header>
  <main>${leadList(currentId)}<section id="record">${body}</section></main>
  <script src="/app.js"></script></body></html>`;
}

const titleOf = (lead: DemoLead) => `${lead.name} | Demo CRM`;

/**
 * `moreLeads` are records beyond the sidebar's few (the demo history's hundreds of leads): their
 * pages open, so every "Open in the CRM" link of the seeded log lands on a record.
 */
export function createDemoCrmServer(moreLeads: () => readonly DemoLead[] = () => []): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      response.end(body);
    };
    const match = /^\/(api\/)?leads\/([^/]+)$/.exec(url.pathname);
    if (match) {
      const id = decodeURIComponent(match[2] ?? '');
      const lead = [...demoLeads, ...moreLeads()].find((candidate) => candidate.id === id);
      if (!lead)
        return send(
          404,
          'text/html',
          page('Not found | Demo CRM', '<article><h1>No such lead</h1></article>'),
        );
      if (match[1])
        return send(
          200,
          'application/json',
          JSON.stringify({ record: leadRecord(lead), title: titleOf(lead) }),
        );
      return send(200, 'text/html', page(titleOf(lead), leadRecord(lead), lead.id));
    }
    if (url.pathname === '/app.js') return send(200, 'text/javascript', clientScript);
    if (url.pathname === '/' || url.pathname === '/leads') {
      return send(
        200,
        'text/html',
        page(
          'Leads | Demo CRM',
          '<article><h1>Pick a lead</h1><p>Open a lead to see its SLA clock.</p></article>',
        ),
      );
    }
    return send(404, 'text/plain', 'not found');
  });
}

/** Starts the demo CRM on `host:port` (port 0 picks a free one) and resolves with the bound port. */
export async function startDemoCrm(
  host: string,
  port: number,
  moreLeads?: () => readonly DemoLead[],
): Promise<{ server: Server; port: number }> {
  const server = createDemoCrmServer(moreLeads);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
