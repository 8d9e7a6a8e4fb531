// Optimistic on/off state (like, follow): the UI shows the new state at once, one request at a time brings the server
// to the state last asked for (so quick double clicks end where the user left it), and a failure puts the UI back to
// the last state the server confirmed.

export function optimisticToggle({ initial, apply, onChange, onError }) {
  let confirmed = initial;
  let desired = initial;
  let syncing = false;

  async function sync() {
    if (syncing) {
      return;
    }
    syncing = true;
    try {
      while (confirmed !== desired) {
        const target = desired;
        await apply(target);
        confirmed = target;
      }
    } catch (error) {
      const wanted = desired;
      desired = confirmed;
      onChange(desired);
      onError(error, wanted);
    } finally {
      syncing = false;
    }
  }

  return {
    get value() {
      return desired;
    },
    get confirmed() {
      return confirmed;
    },
    toggle() {
      desired = !desired;
      onChange(desired);
      sync();
    },
    /** Adopts a state the server reported, unless a change of the user's is still on its way. */
    reset(value) {
      if (!syncing && confirmed === desired) {
        confirmed = value;
        desired = value;
        onChange(value);
      }
    },
  };
}
