import express, { type Router } from 'express';
import type { DeliveryService } from './delivery.service';

const PAGE = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 36rem; margin: 3rem auto; line-height: 1.5;">
${body}
</body></html>
`;

/**
 * `GET /push/public-key` for browsers subscribing, and the one-click unsubscribe of RFC 8058:
 * a POST to the link turns e-mail of that kind off; a GET (a link scanner, a preview) only
 * shows a page with the button, and changes nothing.
 */
export function deliveryRoutes(service: DeliveryService) {
  return (router: Router) => {
    router.get('/push/public-key', (_req, res) => {
      const key = service.vapidPublicKey;
      if (!key) {
        res.status(404).json({ error: 'Push notifications are not configured on this server.' });
        return;
      }
      res.json({ publicKey: key });
    });

    router.get('/unsubscribe/:token', (_req, res) => {
      res
        .type('html')
        .setHeader('cache-control', 'no-store')
        .setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
        .setHeader('referrer-policy', 'no-referrer')
        .send(
          PAGE(
            'Unsubscribe',
            `<h1>Stop these e-mails?</h1>
<p>This turns off e-mails like the one you came from. You can turn them on again in Onward's settings.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
          ),
        );
    });

    router.post(
      '/unsubscribe/:token',
      express.urlencoded({ extended: false, limit: '1kb' }),
      async (req, res, next) => {
        try {
          const done = await service.unsubscribe(String(req.params.token));
          res.setHeader('cache-control', 'no-store').setHeader('referrer-policy', 'no-referrer');
          if (!done) {
            res.status(404).type('html').send(PAGE('Not found', '<p>This link is not valid.</p>'));
            return;
          }
          res
            .type('html')
            .send(
              PAGE('Unsubscribed', "<h1>You're unsubscribed</h1><p>You will get no more e-mails like that one.</p>"),
            );
        } catch (err) {
          next(err);
        }
      },
    );
  };
}
