/**
 * `/login` inside the app: the sign-in page is a static page of its own (login.html, decision 0017), so the app
 * loads it as a page, keeping `?next=`. A full load also drops everything the app had in memory.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { FullPageSpinner } from './FullPageSpinner.js';

export function ToSignIn() {
  const { search } = useLocation();
  useEffect(() => {
    window.location.replace(`/login${search}`);
  }, [search]);
  return <FullPageSpinner />;
}
