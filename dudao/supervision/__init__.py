"""Supervision: status lights now; reminders, supervision orders, rectification and bulletins later."""
