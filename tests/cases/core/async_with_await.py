# await protocol and async with: __await__, __aenter__/__aexit__, suppression, errors, return inside
class Ready:
    def __init__(self, v): self.v = v
    def __await__(self):
        yield 'tick'
        return self.v
class CM:
    def __init__(self, log, suppress=False):
        self.log, self.suppress = log, suppress
    async def __aenter__(self):
        self.log.append('enter')
        return await Ready('res')
    async def __aexit__(self, t, e, tb):
        self.log.append(('exit', t.__name__ if t else None))
        return self.suppress
async def main(log):
    async with CM(log) as r:
        log.append(r)
    async with CM(log, suppress=True):
        raise ValueError('x')
    try:
        async with CM(log):
            raise KeyError('k')
    except KeyError:
        log.append('caught')
    async with CM(log) as a, CM(log) as b:
        log.append((a, b))
    return await Ready(7)
def run(coro):
    ticks = 0
    while True:
        try:
            coro.send(None)
            ticks += 1
        except StopIteration as e:
            return e.value, ticks
log = []
print(run(main(log)))
print(log)
async def bad():
    await 3
try:
    run(bad())
except TypeError as e:
    print('TypeError')
async def bad2():
    async with object():
        pass
try:
    run(bad2())
except TypeError as e:
    print(e)
async def early():
    async with CM(log):
        return 'early'
log.clear()
print(run(early()), log)
