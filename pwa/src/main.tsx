import { render } from 'preact';

render(<main>Pactline</main>, document.getElementById('app') as HTMLElement);
