/** The console's pages: each needs a session signed in with a support or admin key, unless marked public. */
@ConsoleSession
package dev.creditdesk.console.web;

import dev.creditdesk.shared.ConsoleSession;
