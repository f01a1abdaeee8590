import { useState, type FormEvent } from 'react';
import { errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { useSessionState } from '../../state/session.tsx';
import { LanguageSwitch } from './language-switch.tsx';

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSessionState();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email, password);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('appName')}</h1>
        <label>
          {t('email')}
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          {t('password')}
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p role="alert" className="error">
            {t('signInFailed')}: {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
