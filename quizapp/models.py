"""Database models: learners, their attempts and the responses they gave."""

import datetime as dt
import secrets

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> dt.datetime:
    """The current time in UTC, naive, as every timestamp is stored."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Learner(UserMixin, db.Model):
    """Someone taking quizzes. A display name is all a learner needs: no e-mail address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    attempts: Mapped[list["Attempt"]] = relationship(back_populates="learner")

    def get_id(self) -> str:
        return f"learner:{self.id}"


class Attempt(db.Model):
    """One learner's run through a pack's questions, in a fixed order with a fixed feedback mode."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    pack_id: Mapped[str] = mapped_column(String(100))
    feedback_mode: Mapped[str] = mapped_column(String(20))  # "immediate" or "deferred"
    question_order: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(default=lambda: secrets.randbits(31))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    score: Mapped[float | None]
    max_score: Mapped[float]

    learner: Mapped[Learner] = relationship(back_populates="attempts")
    responses: Mapped[list["Response"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Response.id"
    )

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def response_for(self, question_id: str) -> "Response | None":
        return next((r for r in self.responses if r.question_id == question_id), None)

    @property
    def resume_point(self) -> int | None:
        """The 1-based position of the first unanswered question, or None when all are answered."""
        answered = {r.question_id for r in self.responses}
        for position, question_id in enumerate(self.question_order, start=1):
            if question_id not in answered:
                return position
        return None


class Response(db.Model):
    """One stored, graded answer to one question of an attempt; never changed once stored."""

    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_response_question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(100))
    answer: Mapped[object] = mapped_column(JSON)  # the canonical answer the engine grades
    given: Mapped[str] = mapped_column(Text)  # the response as the learner gave it, for display
    fraction: Mapped[float]
    points: Mapped[float]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="responses")

    @property
    def correct(self) -> bool:
        return self.fraction >= 1.0
