import { describe, expect, it } from 'vitest';
import { themeForBackgrounds } from './detect-theme.js';

describe('themeForBackgrounds', () => {
  it('picks the dark palette on a dark CRM theme and the light one on a light theme', () => {
    expect(themeForBackgrounds(['rgb(22, 25, 31)'])).toBe('dark');
    expect(themeForBackgrounds(['rgb(245, 248, 250)'])).toBe('light');
  });

  it('looks past a transparent body to the html background', () => {
    expect(themeForBackgrounds(['rgba(0, 0, 0, 0)', 'rgb(31, 42, 54)'])).toBe('dark');
  });

  it('defaults to light when nothing is opaque or the colour is unparseable', () => {
    expect(themeForBackgrounds(['rgba(0, 0, 0, 0)', 'transparent'])).toBe('light');
    expect(themeForBackgrounds(['color(display-p3 0 0 0)'])).toBe('light');
  });
});
