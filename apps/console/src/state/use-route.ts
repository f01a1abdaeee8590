import { useEffect, useState } from 'react';

/** Hash routes: `#/console/conv_1` → ['console', 'conv_1']. No router library needed. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export function navigate(...parts: string[]) {
  location.hash = `#/${parts.map(encodeURIComponent).join('/')}`;
}
