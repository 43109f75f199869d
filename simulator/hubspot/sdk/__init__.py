"""The SDK's side of the wire: message types and ids, what each SDK version understands, payload shapes, sample
host events.
"""
