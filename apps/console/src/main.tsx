import { render } from 'preact';

render(<p>MAX</p>, document.getElementById('app')!);
