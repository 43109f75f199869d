"""The protocol validator: the rules, the checks of incoming and outgoing messages, timers, ghosts and the audit's
coverage verdicts.
"""
