import type { NextFunction, Request, Response, Router } from 'express';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { ProofsService } from './proofs.service';
import { PROOF_PATH } from './proofs.service';
import { proofPdf } from './proofs.pdf';

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

/** Said the same way whoever made the link: nothing tells whose it was. */
const STOPPED = {
  REVOKED: 'This proof link was revoked by the person who made it. Ask them for a new one.',
  EXPIRED: 'This proof link has expired. Ask the person who gave it to you for a new one.',
} as const;

/** `GET /proofs/<token>`: anyone holding a link sees the proof, as JSON or as a PDF. */
export function proofRoutes(
  proofs: ProofsService,
  limiter: RateLimiterAbstract,
  program: string | undefined,
): (router: Router) => void {
  return (router) => {
    router.get(
      `${PROOF_PATH}:token`,
      wrap(async (req, res) => {
        // Nobody should keep, index or pass on what a proof shows.
        res
          .set('Cache-Control', 'private, no-store')
          .set('Referrer-Policy', 'no-referrer')
          .set('X-Robots-Tag', 'noindex');
        try {
          await limiter.consume(req.ip ?? 'unknown');
        } catch (err) {
          if (!(err instanceof RateLimiterRes)) throw err;
          const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
          res.status(429).set('Retry-After', String(retryAfter)).json({ error: 'RATE_LIMITED', retryAfter });
          return;
        }
        const opening = await proofs.open(String(req.params.token));
        if (!opening) {
          res.status(404).json({ error: 'NOT_FOUND', message: 'There is no proof at this address.' });
          return;
        }
        if (opening.state !== 'LIVE') {
          res.status(410).json({ error: opening.state, message: STOPPED[opening.state] });
          return;
        }
        if (req.accepts(['application/json', 'application/pdf']) === 'application/pdf') {
          const pdf = await proofPdf(opening.document, program);
          res
            .status(200)
            .type('application/pdf')
            .set('Content-Disposition', 'inline; filename="attendance.pdf"')
            .end(pdf);
          return;
        }
        res.status(200).json(opening.document);
      }),
    );
  };
}
