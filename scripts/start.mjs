// Runs the Pactline services for local use. Filled in as the relay, PWA and demo CRM land.
console.log('Pactline: nothing to start yet.');
