/** A hostile payout receiver, compiled in memory with the pinned solc, for the reentrancy test. */
import { createRequire } from 'node:module';
import type { Abi, Hex } from 'viem';

const SOURCE = `// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

interface IDataLease {
    function deposit() external payable;
    function withdraw(address token, uint256 amount) external;
}

contract Attacker {
    IDataLease private immutable target;
    string public outcome;
    bool private reentered;

    constructor(IDataLease target_) {
        target = target_;
    }

    function depositAndAttack() external payable {
        target.deposit{value: msg.value}();
        try target.withdraw(address(0), msg.value) {
            outcome = "withdraw succeeded";
        } catch {
            outcome = "withdraw reverted";
        }
    }

    receive() external payable {
        if (!reentered) {
            reentered = true;
            target.withdraw(address(0), msg.value);
        }
    }
}
`;

export function compileHelperContract(): { abi: Abi; bytecode: Hex } {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Attacker.sol': { content: SOURCE } },
        settings: { evmVersion: 'cancun', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
      }),
    ),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const c = output.contracts['Attacker.sol']!['Attacker']!;
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
}
