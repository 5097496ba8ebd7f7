// Subscribes a component to the dashboard store (on mount, unsubscribed on unmount); re-renders
// only when the store emits, which it does only on change and at most 10 times a second.
import { useEffect, useState } from 'react';
import type { DashboardStore } from './store';

export function useStore(store: DashboardStore) {
  const [snap, setSnap] = useState(() => ({ state: store.state, log: store.log }));
  useEffect(() => {
    const update = () => setSnap({ state: store.state, log: store.log });
    update();
    return store.subscribe(update);
  }, [store]);
  return snap;
}
