import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // The background owns the documents; filled in by the extension issue.
});
