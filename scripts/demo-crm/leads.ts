import type { Handoff } from '@pactline/shared';
/** The demo CRM's leads: enough variety to show every checklist and clock state. */
export type DemoLead = {
  id: string;
  name: string;
  company: string;
  email: string;
  phone: string;
  owner: string;
  lifecycleStage: string;
  leadStatus: string;
  /** When the owner was assigned and the stage entered, ISO with its zone, where the CRM knows. */
  ownerChangedAt?: string;
  stageChangedAt?: string;
};

export const demoLeads: readonly DemoLead[] = [
  {
    id: 'L-1001',
    name: 'Maya Okafor',
    company: 'Northwind Logistics',
    email: 'maya@northwind.example',
    phone: '+1 212 555 0141',
    owner: 'Sam SDR',
    lifecycleStage: 'Sales qualified lead',
    leadStatus: 'Qualified',
  },
  {
    id: 'L-1002',
    name: 'Jonas Berg',
    company: 'Fjord Analytics',
    email: 'jonas@fjord.example',
    phone: '+47 22 55 01 77',
    owner: 'Sam SDR',
    lifecycleStage: 'Marketing qualified lead',
    leadStatus: 'Working',
  },
  {
    id: 'L-1003',
    name: 'Priya Raman',
    company: 'Lotus Health',
    email: 'priya@lotus.example',
    phone: '',
    owner: 'Sam SDR',
    lifecycleStage: 'Marketing qualified lead',
    leadStatus: 'New',
  },
  {
    id: 'L-1004',
    name: 'Diego Alvarez',
    company: 'Pampa Foods',
    email: 'diego@pampa.example',
    phone: '+54 11 5555 0199',
    owner: 'Alex AE',
    lifecycleStage: 'Opportunity',
    leadStatus: 'Connected',
  },
  {
    id: 'L-1005',
    name: 'Aiko Tanaka',
    company: 'Sakura Robotics',
    email: 'aiko@sakura.example',
    phone: '+81 3 5555 0123',
    owner: '',
    lifecycleStage: 'Lead',
    leadStatus: 'New',
  },
  {
    id: 'L-1006',
    name: 'Oliver Grant',
    company: 'Thames Ventures',
    email: 'oliver@thames.example',
    phone: '+44 20 5555 0160',
    owner: 'Sam SDR',
    lifecycleStage: 'Sales qualified lead',
    leadStatus: 'Qualified',
  },
  {
    id: 'L-1007',
    name: 'Lena Fischer',
    company: 'Alpenglow Energy',
    email: 'lena@alpenglow.example',
    phone: '+49 89 5555 0142',
    owner: 'Sam SDR',
    lifecycleStage: 'Sales qualified lead',
    leadStatus: 'Qualified',
  },
];

/**
 * The demo CRM's record of each lead the seeded history handed off (ids `H-…`), read back from
 * the handoffs: name and company from the display name, owner and stage from who holds it.
 */
export function historyLeads(
  handoffs: readonly Handoff[],
  nameOf: (userId: string | undefined) => string,
): DemoLead[] {
  const leads = new Map<string, DemoLead>();
  for (const handoff of [...handoffs].sort((a, b) => a.startedAtMs - b.startedAtMs)) {
    const { recordId, displayName } = handoff.lead;
    if (!recordId.startsWith('H-')) continue;
    const [, name = displayName, company = ''] = /^(.*?)(?: \((.*)\))?$/.exec(displayName) ?? [];
    const isSql = handoff.stage === 'SQL';
    leads.set(recordId, {
      id: recordId,
      name,
      company,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${company.toLowerCase().replace(/[^a-z]+/g, '') || 'example'}.example`,
      phone: '',
      owner: nameOf(handoff.toUserId),
      lifecycleStage: isSql ? 'Sales qualified lead' : 'Marketing qualified lead',
      leadStatus: isSql ? 'Qualified' : 'Working',
      ownerChangedAt: new Date(handoff.startedAtMs).toISOString(),
      stageChangedAt: new Date(handoff.startedAtMs).toISOString(),
    });
  }
  return [...leads.values()];
}
