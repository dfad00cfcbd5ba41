import { describe, expect, it } from 'vitest';
import { dynamicsAdapter } from './adapter.js';

const recognize = (href: string) => dynamicsAdapter.recognize(new URL(href));
const guid = '1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d';

describe('dynamicsAdapter.recognize', () => {
  it.each([
    [
      `https://contoso.crm.dynamics.com/main.aspx?appid=abc&pagetype=entityrecord&etn=lead&id=${guid}`,
      'lead',
    ],
    [
      `https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=%7B${guid.toUpperCase()}%7D`,
      'contact',
    ],
    [
      `https://contoso-dev.crm11.dynamics.com/main.aspx?etn=opportunity&pagetype=EntityRecord&id={${guid}}`,
      'opportunity',
    ],
    // The sovereign clouds: China, US government (GCC High and DoD).
    [`https://jade.crm.dynamics.cn/main.aspx?pagetype=entityrecord&etn=contact&id=${guid}`, 'contact'],
    [`https://agency.crm.microsoftdynamics.us/main.aspx?pagetype=entityrecord&etn=lead&id=${guid}`, 'lead'],
    [`https://agency.crm.appsplatform.us/main.aspx?pagetype=entityrecord&etn=lead&id=${guid}`, 'lead'],
  ])('recognises %s as a %s record', (href, objectType) => {
    expect(recognize(href)).toEqual({ crm: 'dynamics', objectType, recordId: guid, url: new URL(href).href });
  });

  it.each([
    'https://contoso.crm.dynamics.com/main.aspx?appid=abc&pagetype=entitylist&etn=lead&viewid=x',
    'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead',
    `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&id=${guid}`,
    `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=not-a-guid`,
    `https://contoso.crm.dynamics.com/apps/main.aspx?pagetype=entityrecord&etn=lead&id=${guid}`,
    `https://dynamics.com.evil.example/main.aspx?pagetype=entityrecord&etn=lead&id=${guid}`,
    `https://contoso.crm.dynamics.cn.evil.example/main.aspx?pagetype=entityrecord&etn=lead&id=${guid}`,
  ])('does not take %s for a record page', (href) => {
    expect(recognize(href)).toBeNull();
  });
});
